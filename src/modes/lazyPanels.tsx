/**
 * The modes' side panels, loaded beside the map (see app/deferred.tsx). The columns' boxes
 * come with the first frame and only their content waits for its code, so the map is laid
 * out once at its final size.
 */
import { deferred } from '../app/deferred';
import { EventsFrame } from '../panels/events/EventsFrame';
import { type KpiLayout, KpiFrame } from '../panels/kpi/KpiFrame';

const KpiColumnContent = deferred(async () => (await import('../panels/kpi/KpiColumn')).KpiColumnContent);
export function KpiColumn({ layout = 'desk' }: { layout?: KpiLayout }) {
  return (
    <KpiFrame layout={layout}>
      <KpiColumnContent layout={layout} />
    </KpiFrame>
  );
}
/** Single KPI panels placed apart from the column (the wall's right wing). */
export const KpiPanels = deferred(async () => (await import('../panels/kpi/KpiColumn')).KpiPanels);
const EventsContent = deferred(async () => (await import('../panels/events/EventsAside')).EventsContent);
export function EventsAside() {
  return (
    <EventsFrame>
      <EventsContent />
    </EventsFrame>
  );
}
/** The wall's watchdog and its notice (wall/Watchdog.tsx): nothing shows until it repairs something. */
export const Watchdog = deferred(async () => (await import('./wall/Watchdog')).Watchdog, null);
export const EmergencyPanel = deferred(
  async () => (await import('./emergency/EmergencyPanel')).EmergencyPanel,
);

/** The wall's and the console's side panels' code, asked for before the first render. */
export function preloadSidePanels(): Promise<unknown> {
  return Promise.all([KpiColumnContent.preload(), EventsContent.preload()]);
}
