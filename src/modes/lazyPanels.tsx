/** The modes' side panels, loaded beside the map (see app/deferred.tsx). */
import { deferred } from '../app/deferred';

export const KpiColumn = deferred(async () => (await import('../panels/kpi/KpiColumn')).KpiColumn);
export const EventsAside = deferred(async () => (await import('../panels/events/EventsAside')).EventsAside);
export const EmergencyPanel = deferred(
  async () => (await import('./emergency/EmergencyPanel')).EmergencyPanel,
);
