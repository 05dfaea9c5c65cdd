/**
 * The street console: the event queue first (left, wide, keyboard triage), the map
 * second, then the street's own KPIs and its sub-center readiness (the KPI column follows
 * the scope, which a street-bound console cannot widen). With the emergency switch on,
 * the incident focus heads the right column.
 */
import { MapPanel } from '../app/MapPanel';
import { useEmergencyStore } from '../state/emergency';
import { EmergencyPanel, KpiColumn } from './lazyPanels';
import { OperatorQueue } from './operator/OperatorQueue';

export function OperatorMode() {
  const emergency = useEmergencyStore((s) => s.on);
  return (
    <div className="app-body operator-body">
      <OperatorQueue />
      <MapPanel />
      <div className="operator-side">
        {emergency && <EmergencyPanel />}
        <KpiColumn />
      </div>
    </div>
  );
}
