/** The modes' side panels, loaded beside the map (see app/deferred.tsx). */
import { deferred } from '../app/deferred';

export const KpiColumn = deferred(async () => (await import('../panels/kpi/KpiColumn')).KpiColumn);
/** Single KPI panels placed apart from the column (the wall's right wing). */
export const KpiPanels = deferred(async () => (await import('../panels/kpi/KpiColumn')).KpiPanels);
export const EventsAside = deferred(async () => (await import('../panels/events/EventsAside')).EventsAside);
export const EmergencyPanel = deferred(
  async () => (await import('./emergency/EmergencyPanel')).EmergencyPanel,
);
