/** 5G construction: completion against the task, the status mix, problem sites, a ranking by area. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { RegionRanking } from './RegionRanking';
import { StatusMix } from './StatusMix';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = {
  ids: ['5g.completion', '5g.macroCompletion', '5g.built', '5g.openIssues'],
  prefixes: ['5g.statusMix.'],
};
const RANKED = ['5g.completion'] as const;
const RANK_DETAILS = ['5g.built'] as const;

export function FiveGPanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-5g" title={t('kpi.5g.title')} data={data}>
      <FiveGFigures indicators={data.byId} mix={data.groups.get('5g.statusMix.') ?? []} />
    </KpiPanel>
  );
}

function FiveGFigures({ indicators, mix }: { indicators: Map<string, Indicator>; mix: Indicator[] }) {
  const t = useT();
  return (
    <>
      <div className="kpi-tiles">
        <KpiTile id="5g.completion" indicators={indicators} primary meter />
        <KpiTile id="5g.macroCompletion" indicators={indicators} primary meter />
        <KpiTile id="5g.built" indicators={indicators} showTarget />
        <KpiTile id="5g.openIssues" indicators={indicators} />
      </div>
      <StatusMix label={t('kpi.5g.mix')} parts={mix} />
      <RegionRanking
        title={(level) => t('kpi.5g.ranking', { level })}
        indicators={indicators}
        plotted={RANKED}
        details={RANK_DETAILS}
        order="desc"
        showTarget
      />
    </>
  );
}
