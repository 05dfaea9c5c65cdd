/** The operator mode's layout. */
import { MapPanel } from '../app/MapPanel';
import { EventsAside } from '../panels/events/EventsAside';
import { KpiColumn } from '../panels/kpi/KpiColumn';

export function OperatorMode() {
  return (
    <div className="app-body">
      <KpiColumn />
      <MapPanel />
      <EventsAside />
    </div>
  );
}
