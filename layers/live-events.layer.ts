/**
 * Live events from the stream, severity-coded. A new serious event (severity 3–4, under a
 * minute old) pulses so the wall notices it; the selected event gets a bright ring. Drawn
 * from binary buffers that a flush changes event by event (kit/eventPoints.ts).
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { IocEvent } from '@ioc/contract/contract';
import { defineLayer, OPEN_STATUSES, type Text } from './kit/define';
import { type BucketData, type EventPoints, pointsOf, type Severity } from './kit/eventPoints';
import { keyed } from './kit/memo';
import { byValue } from './kit/scale';
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
/** Settled events fade to a third: still there, no longer calling for attention. */
const severity = byValue((s: Severity) => s, SEVERITY, 'circle', 235);
const SETTLED_ALPHA = Math.round(235 * 0.35);

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
  legend: (theme) => severity.legend(theme),
  buildLayers: ({ events, live, theme, opacity, selectedId, now }) => {
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
    // One layer per bucket (settled under open, most severe on top), each in one colour and
    // size: one GPU program for all eight, and only the buckets that changed re-upload.
    const buckets = points.buckets.map((bucket, i) => {
      const sev = ((i % 4) + 1) as Severity;
      const open = i >= 4;
      return new EventBucketLayer({
        id: `live-events-points-${open ? 'open' : 'settled'}-${sev}`,
        data: bucket.view() as never,
        getRadius: 3 + sev * 1.5,
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getFillColor: withOpacity(severity(sev, theme, open ? 235 : SETTLED_ALPHA), opacity),
        getLineColor: theme === 'dark' ? [10, 16, 28, 220] : [255, 255, 255, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        pickable: true,
        autoHighlight: true,
      });
    });
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
