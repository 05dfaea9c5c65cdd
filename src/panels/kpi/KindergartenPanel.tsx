/** Kindergarten safety cameras: online rate, kindergartens and cameras, project stages. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { CategoryBars } from './CategoryBars';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = {
  ids: ['kindergarten.camerasOnlineRate', 'kindergarten.count', 'kindergarten.cameras'],
  prefixes: ['kindergarten.stage.'],
};

export function KindergartenPanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-kindergarten" title={t('kpi.kindergarten.title')} data={data}>
      <KindergartenFigures indicators={data.byId} stages={data.groups.get('kindergarten.stage.') ?? []} />
    </KpiPanel>
  );
}

function KindergartenFigures(props: { indicators: Map<string, Indicator>; stages: Indicator[] }) {
  const { indicators, stages } = props;
  const t = useT();
  return (
    <>
      <div className="kpi-tiles kpi-tiles--3">
        <KpiTile id="kindergarten.camerasOnlineRate" indicators={indicators} primary meter />
        <KpiTile id="kindergarten.count" indicators={indicators} />
        <KpiTile id="kindergarten.cameras" indicators={indicators} />
      </div>
      <CategoryBars label={t('kpi.kindergarten.stages')} parts={stages} ordinal="stages" />
    </>
  );
}
