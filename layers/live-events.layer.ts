/**
 * Live events from the stream, severity-coded. A new serious event (severity 3–4, under a
 * minute old) pulses so the wall notices it; the selected event gets a bright ring.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { IocEvent } from '../src/api/contract';
import { defineLayer, isOpenStatus, OPEN_STATUSES, type Text } from './kit/define';
import { byValue } from './kit/scale';
import { withOpacity } from './kit/style';

/**
 * Severity owns the warm hues wherever events are drawn: no other layer uses yellow, orange
 * or vermillion (layers/kit/palette.ts). A minor event is grey: there, not calling out.
 */
const SEVERITY: Record<1 | 2 | 3 | 4, { hue: 'grey' | 'yellow' | 'orange' | 'vermillion'; label: Text }> = {
  1: { hue: 'grey', label: { 'zh-CN': '一般', en: 'Minor' } },
  2: { hue: 'yellow', label: { 'zh-CN': '较重', en: 'Moderate' } },
  3: { hue: 'orange', label: { 'zh-CN': '严重', en: 'Serious' } },
  4: { hue: 'vermillion', label: { 'zh-CN': '特别严重', en: 'Critical' } },
};
const PULSE_MS = 60_000;
/** Settled events fade to a third: still there, no longer calling for attention. */
const severity = byValue((e: IocEvent) => e.severity, SEVERITY, 'circle', 235);

/**
 * What depends only on the event list, worked out once per list rather than per frame: the
 * layer rebuilds every animation frame while something pulses, and at 1,000 events a second
 * the list holds tens of thousands.
 */
interface Prepared {
  /** Most severe last, so they draw on top. */
  bySeverity: IocEvent[];
  /** Open serious events with their report time: the only ones that can pulse. */
  serious: { e: IocEvent; at: number }[];
}
const prepared = new WeakMap<readonly IocEvent[], Prepared>();
function prepare(events: readonly IocEvent[]): Prepared {
  let p = prepared.get(events);
  if (!p) {
    p = {
      bySeverity: [...events].sort((a, b) => a.severity - b.severity),
      serious: events
        .filter((e) => e.severity >= 3 && isOpenStatus(e.status))
        .map((e) => ({ e, at: Date.parse(e.reportedAt) })),
    };
    prepared.set(events, p);
  }
  return p;
}

function freshOf(events: readonly IocEvent[], now: number): IocEvent[] {
  return prepare(events)
    .serious.filter((s) => now - s.at < PULSE_MS)
    .map((s) => s.e);
}

const severityColor = (e: IocEvent, theme: 'dark' | 'light', alpha = 235) =>
  severity(e, theme, isOpenStatus(e.status) ? alpha : Math.round(alpha * 0.35));

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
  animating: ({ events, now }) => prepare(events).serious.some((s) => now - s.at < PULSE_MS),
  legend: (theme) => severity.legend(theme),
  buildLayers: ({ events, theme, opacity, selectedId, now }) => {
    const fresh = freshOf(events, now);
    const phase = (now % 1500) / 1500;
    const selected = events.filter((e) => e.id === selectedId);
    return [
      new ScatterplotLayer<IocEvent>({
        id: 'live-events-pulse',
        data: fresh,
        getPosition: (e) => e.location,
        getRadius: 8 + phase * 26,
        radiusUnits: 'pixels',
        stroked: true,
        filled: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        getLineColor: (e) => severityColor(e, theme, Math.round(255 * (1 - phase) * opacity)),
        updateTriggers: { getRadius: phase, getLineColor: [phase, theme, opacity] },
      }),
      new ScatterplotLayer<IocEvent>({
        id: 'live-events-points',
        data: prepare(events).bySeverity,
        getPosition: (e) => e.location,
        getRadius: (e) => 3 + e.severity * 1.5,
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getFillColor: (e) => withOpacity(severityColor(e, theme), opacity),
        getLineColor: theme === 'dark' ? [10, 16, 28, 220] : [255, 255, 255, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        pickable: true,
        autoHighlight: true,
        updateTriggers: { getFillColor: [theme, opacity] },
      }),
      new ScatterplotLayer<IocEvent>({
        id: 'live-events-selected',
        data: selected,
        getPosition: (e) => e.location,
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
