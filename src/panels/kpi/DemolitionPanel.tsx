/** Urban renewal: demolition boundaries (phased, project) by stage and difficulty, households affected. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { CategoryBars } from './CategoryBars';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = {
  ids: ['demolition.phase', 'demolition.project', 'demolition.households'],
  prefixes: ['demolition.stage.', 'demolition.difficulty.'],
};

export function DemolitionPanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-demolition" title={t('kpi.demolition.title')} data={data}>
      <DemolitionFigures
        indicators={data.byId}
        stages={data.groups.get('demolition.stage.') ?? []}
        difficulty={data.groups.get('demolition.difficulty.') ?? []}
      />
    </KpiPanel>
  );
}

function DemolitionFigures(props: {
  indicators: Map<string, Indicator>;
  stages: Indicator[];
  difficulty: Indicator[];
}) {
  const { indicators, stages, difficulty } = props;
  const t = useT();
  return (
    <>
      <div className="kpi-tiles kpi-tiles--3">
        <KpiTile id="demolition.phase" indicators={indicators} />
        <KpiTile id="demolition.project" indicators={indicators} />
        <KpiTile id="demolition.households" indicators={indicators} />
      </div>
      <div className="kpi-pair">
        <CategoryBars label={t('kpi.demolition.stages')} parts={stages} ordinal="stages" maxLabelWidth={64} />
        <CategoryBars
          label={t('kpi.demolition.difficulty')}
          parts={difficulty}
          ordinal="graded"
          maxLabelWidth={64}
        />
      </div>
    </>
  );
}
