/**
 * Live events from the stream, severity-coded: the situation, not a carpet. Open events are
 * dots; settled ones stay for an hour after they settle, fading (kit/eventSituation.ts); at
 * district zoom the open minor events (severity 1–2) are counted into hexagons while the
 * serious ones stay dots. A new serious event (severity 3–4, under a minute old) pulses so
 * the wall notices it; the selected event gets a bright ring. Drawn from binary buffers that
 * a flush changes event by event (kit/eventPoints.ts).
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { IocEvent } from '@ioc/contract/contract';
import { hexagons } from './kit/aggregation';
import { defineLayer, OPEN_STATUSES, type Text } from './kit/define';
import { type BucketData, type EventPoints, pointsOf, type Severity } from './kit/eventPoints';
import { AGGREGATE_BELOW_ZOOM, openMinorPositions, recentSettled, SETTLED_TIERS } from './kit/eventSituation';
import { keyed } from './kit/memo';
import { OKABE_ITO } from './kit/palette';
import { atZoom, byValue, single } from './kit/scale';
import { withOpacity } from './kit/style';

/**
 * Severity owns the warm hues wherever events are drawn: no other layer uses yellow, orange
 * or vermillion (layers/kit/palette.ts). A minor event is grey: there, not calling out.
 */
const SEVERITY: Record<Severity, { hue: 'grey' | 'yellow' | 'orange' | 'vermillion'; label: Text }> = {
  1: { hue: 'grey', label: { 'zh-CN': '一般', en: 'Minor' } },
  2: { hue: 'yellow', label: { 'zh-CN': '较重', en: 'Moderate' } },
  3: { hue: 'orange', label: { 'zh-CN': '严重', en: 'Serious' } },
  4: { hue: 'vermillion', label: { 'zh-CN': '特别严重', en: 'Critical' } },
};
const PULSE_MS = 60_000;
const severity = byValue((s: Severity) => s, SEVERITY, 'circle', 235);
const settled = single(
  { label: { 'zh-CN': '近1小时办结（渐隐）', en: 'Settled in the last hour (fading)' }, hue: 'grey' },
  'circle',
  Math.round(235 * SETTLED_TIERS[0].alpha),
);
/**
 * The minor events' hexagons: their own hue (moderate's yellow), stronger where more are
 * open. The sparsest sixth is not drawn: hexagons mark where minor events gather, not every
 * place that has one.
 */
const [Y, E, L] = OKABE_ITO.yellow;
const MINOR_RANGE: [number, number, number, number][] = [0, 50, 95, 140, 190, 235].map((a) => [Y, E, L, a]);
const minorDensity = single(
  {
    label: { 'zh-CN': '一般、较重事件密度（区级视图）', en: 'Minor and moderate events (district view)' },
    color: (_theme, alpha) => [Y, E, L, Math.round(alpha * 0.7)],
  },
  'hexagon',
);

/**
 * The events that pulse now, as binary positions for each serious severity. Worked out at
 * most once a second, not on each animation frame (the layer rebuilds every 80 ms while
 * something pulses): a pulse that ends up to a second late is not seen.
 */
const freshOf = keyed((points: EventPoints, second: number) => {
  const now = second * 1000;
  const out: Record<3 | 4, number[]> = { 3: [], 4: [] };
  for (const [id, at] of points.serious) {
    // Reported over a minute ago: it will never pulse again.
    if (now - at >= PULSE_MS) points.serious.delete(id);
    const held = now - at < PULSE_MS ? points.get(id) : null;
    if (held) out[held.event.severity as 3 | 4]?.push(held.position[0], held.position[1]);
  }
  return ([3, 4] as const).map((sev) => ({
    sev,
    data: {
      length: out[sev].length / 2,
      attributes: { getPosition: { value: new Float32Array(out[sev]), size: 2 } },
    },
  }));
});

/** A ScatterplotLayer over one bucket's binary positions that still reports the event picked. */
class EventBucketLayer extends ScatterplotLayer<IocEvent> {
  static override layerName = 'EventBucketLayer';
  override getPickingInfo(params: Parameters<ScatterplotLayer<IocEvent>['getPickingInfo']>[0]) {
    const info = super.getPickingInfo(params);
    if (info.index >= 0) info.object = (this.props.data as unknown as BucketData).events[info.index];
    return info;
  }
}

export default defineLayer<Record<string, never>>({
  id: 'live-events',
  title: { 'zh-CN': '实时事件', en: 'Live events' },
  group: { 'zh-CN': '城市运行', en: 'City operations' },
  order: 100,
  defaultVisible: true,
  geometry: 'Point',
  source: { kind: 'events' },
  fields: [],
  filters: [],
  animating: ({ events, live, now }) => now - (live ?? pointsOf(events)).newestSerious < PULSE_MS,
  legend: (theme) => [
    ...severity.legend(theme),
    ...settled.legend(theme),
    ...atZoom(minorDensity.legend(theme), { maxZoom: AGGREGATE_BELOW_ZOOM }),
  ],
  buildLayers: ({ events, live, theme, opacity, selectedId, now, at, zoom }) => {
    const points = live ?? pointsOf(events);
    const phase = (now % 1500) / 1500;
    const selected = selectedId === null ? null : points.get(selectedId);
    const pulses = freshOf(points, Math.floor(now / 1000)).map(
      ({ sev, data }) =>
        new ScatterplotLayer({
          id: `live-events-pulse-${sev}`,
          data,
          getRadius: 8 + phase * 26,
          radiusUnits: 'pixels',
          stroked: true,
          filled: false,
          lineWidthUnits: 'pixels',
          getLineWidth: 3,
          getLineColor: severity(sev, theme, 255),
          // The fade is the layer's opacity, a uniform: no attribute is recomputed per frame.
          opacity: (1 - phase) * opacity,
        }),
    );
    const districtView = zoom < AGGREGATE_BELOW_ZOOM;
    const outline = (theme === 'dark' ? [10, 16, 28, 220] : [255, 255, 255, 220]) as [
      number,
      number,
      number,
      number,
    ];
    const dots = (id: string, data: unknown, sev: Severity, alpha: number) =>
      new EventBucketLayer({
        id,
        data: data as never,
        getRadius: 3 + sev * 1.5,
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getFillColor: withOpacity(severity(sev, theme, alpha), opacity),
        getLineColor: [outline[0], outline[1], outline[2], Math.min(outline[3], alpha)],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        pickable: true,
        autoHighlight: true,
      });
    // Settled (faded, the oldest lowest) under open, most severe on top: one colour and size
    // per layer, one GPU program for all, and only the layers whose events changed re-upload.
    const faded = recentSettled(points, at).map((t) =>
      dots(
        `live-events-settled-${t.sev}-${t.tier}`,
        t.data,
        t.sev,
        Math.round(235 * (SETTLED_TIERS[t.tier]?.alpha ?? 0)),
      ),
    );
    const open = points.buckets.slice(4).flatMap((bucket, i) => {
      const sev = (i + 1) as Severity;
      // At district zoom the minor ones are in the hexagons below.
      if (districtView && sev <= 2) return [];
      return [dots(`live-events-points-open-${sev}`, bucket.view(), sev, 235)];
    });
    const density = districtView
      ? hexagons<[number, number]>({
          id: 'live-events-minor-density',
          data: openMinorPositions(points, now),
          getPosition: (p) => p,
          radius: 700,
          coverage: 0.85,
          extruded: false,
          opacity,
          colorRange: MINOR_RANGE,
          // A few thousand points bin in milliseconds on the CPU (see the 5G layer's note).
          gpuAggregation: false,
          pickable: false,
        })
      : [];
    const buckets = [...density, ...faded, ...open];
    return [
      ...pulses,
      ...buckets,
      new ScatterplotLayer<{ event: IocEvent; position: [number, number] }>({
        id: 'live-events-selected',
        data: selected ? [selected] : [],
        getPosition: (s) => s.position,
        getRadius: 16,
        radiusUnits: 'pixels',
        stroked: true,
        filled: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        getLineColor: theme === 'dark' ? [255, 255, 255, 255] : [15, 23, 42, 255],
      }),
    ];
  },
  roles: {
    click: 'event',
    rings: [
      {
        key: 'events',
        label: { 'zh-CN': '在办事件', en: 'Open events' },
        measure: { kind: 'count' },
        where: { status: [...OPEN_STATUSES] },
        rank: 90,
      },
    ],
  },
  tooltip: (f, locale) => {
    // For an events layer the picked object is the event itself.
    const e = f as unknown as IocEvent;
    return `${SEVERITY[e.severity].label[locale]} · ${e.title}`;
  },
});
