/** 12345 hotline: intake today and over 24 hours, closure, overdue orders, categories. */
import type { Indicator } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { CategoryBars } from './CategoryBars';
import { HourlyTrend } from './HourlyTrend';
import { KpiPanel } from './KpiPanel';
import { KpiTile } from './KpiTile';
import { type PanelSpec, useKpiPanel } from './useKpis';

const SPEC: PanelSpec = {
  ids: ['hotline.intakeToday', 'hotline.trend', 'hotline.closureRate', 'hotline.overdue'],
  prefixes: ['hotline.category.'],
};

export function HotlinePanel() {
  const t = useT();
  const data = useKpiPanel(SPEC);
  return (
    <KpiPanel id="kpi-hotline" title={t('kpi.hotline.title')} data={data}>
      <HotlineFigures indicators={data.byId} categories={data.groups.get('hotline.category.') ?? []} />
    </KpiPanel>
  );
}

function HotlineFigures(props: { indicators: Map<string, Indicator>; categories: Indicator[] }) {
  const { indicators, categories } = props;
  const t = useT();
  return (
    <>
      <div className="kpi-tiles">
        <KpiTile id="hotline.intakeToday" indicators={indicators} primary />
        <KpiTile id="hotline.trend" indicators={indicators} />
        <KpiTile id="hotline.closureRate" indicators={indicators} meter />
        <KpiTile id="hotline.overdue" indicators={indicators} />
      </div>
      <HourlyTrend label={t('kpi.hotline.trendChart')} indicator={indicators.get('hotline.trend')} />
      <CategoryBars label={t('kpi.hotline.categories')} parts={categories} sortDesc />
    </>
  );
}
