/** 24-hour self-service: the 15-minute service circle, existing and planned sites, daily use. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { RegionRanking } from './RegionRanking';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = {
  ids: [
    'selfService.coverage15min',
    'selfService.coverage15minPlanned',
    'selfService.existing',
    'selfService.planned',
    'selfService.dailyUses',
  ],
};
// Lowest coverage first: where new sites would help most.
const RANKED = ['selfService.coverage15min', 'selfService.coverage15minPlanned'] as const;
const RANK_DETAILS = ['selfService.existing', 'selfService.planned'] as const;

export function SelfServicePanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-self-service" title={t('kpi.selfService.title')} data={data}>
      <SelfServiceFigures indicators={data.byId} />
    </KpiPanel>
  );
}

function SelfServiceFigures({ indicators }: { indicators: Map<string, Indicator> }) {
  const t = useT();
  return (
    <>
      <div className="kpi-tiles">
        <KpiTile id="selfService.coverage15min" indicators={indicators} primary meter />
        <KpiTile id="selfService.existing" indicators={indicators} />
        <KpiTile id="selfService.planned" indicators={indicators} />
        <KpiTile id="selfService.dailyUses" indicators={indicators} />
      </div>
      <RegionRanking
        title={(level) => t('kpi.selfService.chart', { level })}
        indicators={indicators}
        plotted={RANKED}
        details={RANK_DETAILS}
        order="asc"
      />
    </>
  );
}
