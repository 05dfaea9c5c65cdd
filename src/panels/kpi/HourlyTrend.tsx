/** An indicator's `trend` (hourly points) as a line, times written in the district's clock. */
import { useMemo } from 'react';
import type { Indicator } from '@ioc/contract/contract';
import { Chart } from '../../charts/Chart';
import { trendOption } from '../../charts/options';
import { useChartPalette } from '../../charts/palette';
import { DataTable } from './DataTable';
import { formatClock, useKpiFormat } from './format';

export function HourlyTrend({ label, indicator }: { label: string; indicator: Indicator | undefined }) {
  const f = useKpiFormat();
  const palette = useChartPalette();
  const { rows, values, unit, option } = useMemo(() => {
    const points = indicator?.trend ?? [];
    const rows = points.map((p) => ({ key: p.t, name: formatClock(f.locale, p.t) }));
    const values = points.map((p) => p.v);
    const unit = f.unit(indicator?.unit ?? '');
    const option = trendOption({ palette, rows, series: { name: label, unit, values }, format: f.number });
    return { rows, values, unit, option };
  }, [indicator, label, f, palette]);

  if (rows.length === 0) return <p className="kpi-chart-empty">{f.t('kpi.empty')}</p>;
  return (
    <Chart
      option={option}
      label={label}
      height={120}
      fallback={
        <DataTable
          caption={label}
          head={[f.t('kpi.col.time'), unit ? `${label} (${unit})` : label]}
          rows={rows.map((r, i) => ({ key: r.key, cells: [r.name, f.number(values[i] ?? 0)] }))}
        />
      }
    />
  );
}
