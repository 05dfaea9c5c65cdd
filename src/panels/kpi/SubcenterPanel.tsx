/** Street operation sub-centers: how ready each of them is, and how many are over 90 %. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { RegionRanking } from './RegionRanking';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = { ids: ['subcenter.readiness', 'subcenter.ready90'] };
const RANKED = ['subcenter.readiness'] as const;

export function SubcenterPanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-subcenter" title={t('kpi.subcenter.title')} data={data}>
      <SubcenterFigures indicators={data.byId} />
    </KpiPanel>
  );
}

function SubcenterFigures({ indicators }: { indicators: Map<string, Indicator> }) {
  const t = useT();
  return (
    <>
      <div className="kpi-tiles kpi-tiles--2">
        <KpiTile id="subcenter.readiness" indicators={indicators} primary meter />
        <KpiTile id="subcenter.ready90" indicators={indicators} primary showTarget="of" />
      </div>
      <RegionRanking
        title={() => t('kpi.subcenter.chart')}
        indicators={indicators}
        plotted={RANKED}
        order="desc"
        showTarget
      />
    </>
  );
}
