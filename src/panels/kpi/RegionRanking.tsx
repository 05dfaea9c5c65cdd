/**
 * Indicators broken down by child region (streets of the district, communities of a
 * street) as a ranking of horizontal bars. Clicking a bar, its name, or its row in the
 * table scopes the whole app to that region.
 */
import { useMemo } from 'react';
import type { Indicator } from '@ioc/contract/contract';
import { Chart } from '../../charts/Chart';
import { horizontalBarsOption, type Series } from '../../charts/options';
import { useChartPalette } from '../../charts/palette';
import { useScopeStore } from '../../state/scope';
import { DataTable } from './DataTable';
import { useKpiFormat } from './format';
import { useRegionIndex } from './useRegionIndex';

export interface RegionRankingProps {
  /** Chart title for the children's level word (街道 / 社区, street / community). */
  title: (level: string) => string;
  indicators: Map<string, Indicator>;
  /** Plotted indicator ids (module constants); the first one orders the rows. */
  plotted: readonly string[];
  /** Indicator ids shown in the tooltip and the table, not plotted. */
  details?: readonly string[];
  order: 'asc' | 'desc';
  /** Draw the first indicator's target as a reference line. */
  showTarget?: boolean;
}

const NONE: readonly string[] = [];
const ROW_PX = 17;

export function RegionRanking(props: RegionRankingProps) {
  const { title, indicators, plotted, details = NONE, order, showTarget } = props;
  const f = useKpiFormat();
  const palette = useChartPalette();
  const regions = useRegionIndex();
  const setScope = useScopeStore((s) => s.setScope);

  const { rows, series, head, option, hasReference } = useMemo(() => {
    const pick = (ids: readonly string[]) =>
      ids.map((id) => indicators.get(id)).filter((i) => i !== undefined);
    const first = pick(plotted)[0];
    const ordered = [...(first?.breakdown ?? [])].sort((a, b) =>
      order === 'asc' ? a.value - b.value : b.value - a.value,
    );
    const rows = ordered.map((b) => ({ key: b.regionId, name: regions.name(b.regionId) }));
    const toSeries = (list: Indicator[]): Series[] =>
      list.map((ind) => {
        const byRegion = new Map((ind.breakdown ?? []).map((b) => [b.regionId, b.value]));
        return {
          name: f.label(ind),
          unit: f.unit(ind.unit),
          values: rows.map((r) => byRegion.get(r.key) ?? 0),
        };
      });
    const extra = toSeries(pick(details));
    const plain = toSeries(pick(plotted));
    const units = [...new Set(plain.map((s) => s.unit))];
    const withUnit = (s: Series) => (s.unit ? `${s.name} (${s.unit})` : s.name);
    // One value axis can name one unit; with several, each legend entry names its own.
    const shown = units.length > 1 ? plain.map((s) => ({ ...s, name: withUnit(s) })) : plain;
    const target = showTarget ? first?.target : undefined;
    const option = horizontalBarsOption({
      palette,
      rows,
      series: shown,
      details: extra,
      format: f.number,
      unit: units.length === 1 ? (units[0] ?? '') : '',
      reference:
        target !== undefined
          ? { value: target, name: `${f.t('kpi.targetLine')} ${f.number(target)}` }
          : undefined,
      clickable: true,
    });
    const head = [...plain, ...extra].map(withUnit);
    return { rows, series: [...shown, ...extra], head, option, hasReference: target !== undefined };
  }, [indicators, plotted, details, order, showTarget, regions, f, palette]);

  if (rows.length === 0) return <p className="kpi-chart-empty">{f.t('kpi.noBreakdown')}</p>;
  const level = regions.levelOf(rows[0]!.key) === 'community' ? 'community' : 'street';
  const label = title(f.t(`scope.level.${level}`));
  const plottedCount = series.length - details.length;
  return (
    <Chart
      option={option}
      label={label}
      height={rows.length * ROW_PX + 28 + (plottedCount > 1 ? 20 : 0) + (hasReference ? 14 : 0)}
      onCategoryClick={setScope}
      fallback={
        <DataTable
          caption={label}
          head={[f.t('kpi.col.area'), ...head]}
          rows={rows.map((r, i) => ({
            key: r.key,
            cells: [
              <button
                key="scope"
                type="button"
                className="kpi-table__scope"
                aria-label={f.t('kpi.scopeTo', { name: r.name })}
                onClick={() => setScope(r.key)}
              >
                {r.name}
              </button>,
              ...series.map((s) => f.number(s.values[i] ?? 0)),
            ],
          }))}
        />
      }
    />
  );
}
