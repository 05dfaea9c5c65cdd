/** Parts of one whole (5G stations by status) as a single stacked bar with a legend. */
import { useMemo } from 'react';
import type { Indicator } from '@ioc/contract/contract';
import { Chart } from '../../charts/Chart';
import { mixOption } from '../../charts/options';
import { legendRows } from '../../charts/text';
import { useChartPalette } from '../../charts/palette';
import { DataTable } from './DataTable';
import { useKpiFormat } from './format';

/** The narrowest the panel gets; a wider panel only leaves a legend row unused. */
const LEGEND_WIDTH_PX = 330;

export function StatusMix({ label, parts }: { label: string; parts: Indicator[] }) {
  const f = useKpiFormat();
  const palette = useChartPalette();
  const { rows, values, unit, option, legend } = useMemo(() => {
    const rows = parts.map((i) => ({ key: i.id, name: f.label(i) }));
    const values = parts.map((i) => i.value);
    const unit = f.unit(parts[0]?.unit ?? '');
    // Progress order (planned → on air), in the colours the map gives each state.
    const colors = palette.ordinal.slice(0, parts.length);
    const option = mixOption({ palette, parts: rows, values, unit, format: f.number, colors });
    const legend = rows.map((r, i) => `${r.name} ${f.number(values[i] ?? 0)}`);
    return { rows, values, unit, option, legend };
  }, [parts, f, palette]);

  if (rows.length === 0) return null;
  return (
    <Chart
      option={option}
      label={label}
      height={24 + 20 * legendRows(legend, LEGEND_WIDTH_PX)}
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
