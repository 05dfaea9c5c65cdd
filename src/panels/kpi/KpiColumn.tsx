/**
 * The column beside the map: the scope breadcrumb over the KPI panels. Each panel stands
 * alone (own data view, states and error boundary); this file only lays them out.
 */
import { useT } from '../../i18n';
import { ScopeBreadcrumb } from '../ScopeBreadcrumb';
import { DemolitionPanel } from './DemolitionPanel';
import { FiveGPanel } from './FiveGPanel';
import { HotlinePanel } from './HotlinePanel';
import { KindergartenPanel } from './KindergartenPanel';
import { MedicalPanel } from './MedicalPanel';
import { SelfServicePanel } from './SelfServicePanel';
import { SubcenterPanel } from './SubcenterPanel';

export function KpiColumn() {
  const t = useT();
  return (
    <aside className="side side--left side--kpi" aria-label={t('kpi.column')}>
      <ScopeBreadcrumb />
      <div className="kpi-grid">
        <FiveGPanel />
        <HotlinePanel />
        <SelfServicePanel />
        <SubcenterPanel />
        <MedicalPanel />
        <KindergartenPanel />
        <DemolitionPanel />
      </div>
    </aside>
  );
}
