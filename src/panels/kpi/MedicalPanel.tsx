/** Medical allocation: beds and doctors per 10,000 residents, areas with the least first. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { RegionRanking } from './RegionRanking';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = { ids: ['medical.bedsPer10k', 'medical.doctorsPer10k'] };
const RANKED = ['medical.bedsPer10k', 'medical.doctorsPer10k'] as const;

export function MedicalPanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-medical" title={t('kpi.medical.title')} data={data}>
      <MedicalFigures indicators={data.byId} />
    </KpiPanel>
  );
}

function MedicalFigures({ indicators }: { indicators: Map<string, Indicator> }) {
  const t = useT();
  return (
    <>
      <div className="kpi-tiles kpi-tiles--2">
        <KpiTile id="medical.bedsPer10k" indicators={indicators} primary />
        <KpiTile id="medical.doctorsPer10k" indicators={indicators} primary />
      </div>
      <RegionRanking
        title={(level) => t('kpi.medical.chart', { level })}
        indicators={indicators}
        plotted={RANKED}
        order="asc"
      />
    </>
  );
}
