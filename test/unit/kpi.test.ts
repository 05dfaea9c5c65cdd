/** The KPI panels' pure parts: picking and validating a panel's indicators, staleness, chart options. */
import { describe, expect, it } from 'vitest';
import { horizontalBarsOption } from '../../src/charts/options';
import { CHART_PALETTES } from '../../src/charts/palette';
import { isStale } from '../../src/panels/kpi/KpiPanel';
import { formatNumber } from '../../src/panels/kpi/format';
import { selectIndicators } from '../../src/panels/kpi/useKpis';

const ok = (id: string, value = 1) => ({ id, label: id, value, unit: '个' });

describe('selectIndicators', () => {
  const spec = { ids: ['5g.completion', '5g.built'], prefixes: ['5g.statusMix.'] };

  it('takes its ids and its prefixed groups, in the order the API sent them', () => {
    const raw = [
      ok('5g.built', 10),
      ok('5g.statusMix.on-air', 3),
      ok('hotline.overdue'),
      ok('5g.statusMix.building', 2),
    ];
    const s = selectIndicators(raw, spec);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect([...s.byId.keys()]).toEqual(['5g.built']);
    expect(s.groups.get('5g.statusMix.')?.map((i) => i.id)).toEqual([
      '5g.statusMix.on-air',
      '5g.statusMix.building',
    ]);
  });

  it('names the malformed indicator and what is wrong with it', () => {
    const s = selectIndicators([ok('5g.built'), { ...ok('5g.completion'), value: 'high' }], spec);
    expect(s).toMatchObject({ ok: false, id: '5g.completion' });
    if (!s.ok) expect(s.detail).toMatch(/^value: /);
    const inGroup = selectIndicators([{ ...ok('5g.statusMix.planned'), breakdown: [{ regionId: 1 }] }], spec);
    expect(inGroup).toMatchObject({ ok: false, id: '5g.statusMix.planned' });
  });

  it("ignores other panels' malformed indicators and entries without an id", () => {
    const s = selectIndicators(
      [{ ...ok('hotline.overdue'), value: null }, 42, null, { value: 3 }, ok('5g.built')],
      spec,
    );
    expect(s.ok).toBe(true);
  });
});

describe('isStale', () => {
  const asOf = '2026-11-22T09:30:00+08:00';
  const t0 = Date.parse(asOf);
  it('is stale only after three refresh intervals', () => {
    expect(isStale(asOf, t0 + 89_000, 30_000)).toBe(false);
    expect(isStale(asOf, t0 + 91_000, 30_000)).toBe(true);
    expect(isStale(null, t0 + 10 ** 9, 30_000)).toBe(false);
  });
});

describe('formatNumber', () => {
  it('groups thousands and keeps the two decimals the API sends', () => {
    expect(formatNumber('zh-CN', 10346)).toBe('10,346');
    expect(formatNumber('en', 103.63)).toBe('103.63');
    expect(formatNumber('en', 113.2)).toBe('113.2');
  });
});

/** The parts of the option these tests read. */
interface BarsOption {
  yAxis: { data: string[]; triggerEvent: boolean; axisLabel: { formatter(key: string): string } };
  xAxis: { name: string };
  tooltip: { renderMode: string; formatter(params: unknown): string };
  series: { markLine: { data: unknown[] } }[];
}

describe('horizontalBarsOption', () => {
  const rows = [
    { key: '440307002', name: '坂田街道' },
    { key: '440307001', name: '<b>平湖</b>' },
  ];
  const option = horizontalBarsOption({
    palette: CHART_PALETTES.dark,
    rows,
    series: [{ name: '完成率', unit: '%', values: [109.78, 107.66] }],
    format: (v) => String(v),
    unit: '%',
    reference: { value: 100, name: '目标 100' },
    clickable: true,
  }) as unknown as BarsOption;

  it('keeps region ids as categories (what a click reports) and shows names', () => {
    expect(option.yAxis.data).toEqual(['440307002', '440307001']);
    expect(option.yAxis.axisLabel.formatter('440307002')).toBe('坂田街道');
    expect(option.yAxis.triggerEvent).toBe(true);
  });

  it('carries the unit on the axis and in the tooltip, drawn as text not HTML', () => {
    expect(option.xAxis.name).toBe('%');
    expect(option.tooltip.renderMode).toBe('richText');
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe('<b>平湖</b>\n完成率: 107.66 %');
  });

  it('draws the reference line at the given value', () => {
    expect(option.series[0]?.markLine.data).toEqual([{ xAxis: 100 }]);
  });
});

describe('chart text estimates', () => {
  it('measures CJK glyphs as square and Latin ones narrower, and wraps a legend that is too wide', async () => {
    const { legendRows, textPx } = await import('../../src/charts/text');
    expect(textPx('平湖街道')).toBe(48);
    expect(textPx('Pinghu')).toBeLessThan(48);
    expect(legendRows(['规划 0', '已审批 0', '在建 282', '已开通 10,064'], 330)).toBe(1);
    expect(legendRows(['Planned 0', 'Approved 0', 'Building 282', 'On air 10,064'], 330)).toBe(2);
  });
});
