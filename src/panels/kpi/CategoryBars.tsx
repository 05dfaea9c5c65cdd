/**
 * A split of one figure into its parts (categories, stages, difficulty levels), one
 * indicator per part as the API sends them, as horizontal bars with the same table behind.
 */
import { useMemo } from 'react';
import type { Indicator } from '@ioc/contract/contract';
import { Chart } from '../../charts/Chart';
import { horizontalBarsOption } from '../../charts/options';
import { useChartPalette } from '../../charts/palette';
import { DataTable } from './DataTable';
import { useKpiFormat } from './format';

export interface CategoryBarsProps {
  label: string;
  /** The parts, in the API's order (stages and levels are ordered already). */
  parts: Indicator[];
  /** Largest first (categories); otherwise the API's order is kept (stages, levels). */
  sortDesc?: boolean;
  /** Colour each bar by its position on a mild → severe scale. */
  /** Colour each bar: by stage of progress (the map's colours), or graded by intensity. */
  ordinal?: 'stages' | 'graded';
  /** Cap on the category labels' width (a half-width chart in a pair needs a small one). */
  maxLabelWidth?: number;
}

const ROW_PX = 17;

export function CategoryBars({ label, parts, sortDesc, ordinal, maxLabelWidth }: CategoryBarsProps) {
  const f = useKpiFormat();
  const palette = useChartPalette();
  const { rows, values, unit, option } = useMemo(() => {
    const list = sortDesc ? [...parts].sort((a, b) => b.value - a.value) : parts;
    const rows = list.map((i) => ({ key: i.id, name: f.label(i) }));
    const values = list.map((i) => i.value);
    const unit = f.unit(list[0]?.unit ?? '');
    const option = horizontalBarsOption({
      palette,
      rows,
      series: [{ name: label, unit, values }],
      format: f.number,
      unit,
      colors: ordinal === 'stages' ? palette.ordinal : ordinal === 'graded' ? palette.intensity : undefined,
      maxLabelWidth,
    });
    return { rows, values, unit, option };
  }, [parts, sortDesc, ordinal, label, maxLabelWidth, f, palette]);

  if (rows.length === 0) return <p className="kpi-chart-empty">{f.t('kpi.empty')}</p>;
  return (
    <Chart
      option={option}
      label={label}
      height={rows.length * ROW_PX + 28}
      fallback={
        <DataTable
          caption={label}
          head={[f.t('kpi.col.item'), unit ? `${label} (${unit})` : label]}
          rows={rows.map((r, i) => ({ key: r.key, cells: [r.name, f.number(values[i] ?? 0)] }))}
        />
      }
    />
  );
}
