/**
 * The street console: the event queue first (left, wide, keyboard triage), the map
 * second, then the street's own KPIs and its sub-center readiness (the KPI column follows
 * the scope, which a street-bound console cannot widen). With the emergency switch on,
 * the incident focus heads the right column.
 */
import { useApi } from '../api/context';
import { MapPanel } from '../app/MapPanel';
import { useEmergencyStore } from '../state/emergency';
import { EmergencyPanel, KpiColumn } from './lazyPanels';
import { ConsoleChooser } from './operator/ConsoleChooser';
import { demoConsole } from './operator/demoConsole';
import { OperatorQueue } from './operator/OperatorQueue';
import './OperatorMode.css';

export function OperatorMode() {
  const { config } = useApi();
  const emergency = useEmergencyStore((s) => s.on);
  // A demo opened without a console asks which one; a real token has already said.
  if (demoConsole(config, window.location.search) === undefined) return <ConsoleChooser />;
  return (
    <div className="app-body operator-body">
      <OperatorQueue />
      <MapPanel />
      <div className="operator-side">
        {emergency && <EmergencyPanel />}
        <KpiColumn layout="console" />
      </div>
    </div>
  );
}
