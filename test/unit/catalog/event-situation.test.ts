/**
 * The event map shows the situation: open events, and settled ones for an hour after they
 * settle, fading; at district zoom the open minor events are hexagons while the serious
 * ones stay dots. Checked on the deck.gl layers the live-events layer builds.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAggregation } from '../../../layers/kit/aggregation';
import { pointsOf } from '../../../layers/kit/eventPoints';
import liveEvents from '../../../layers/live-events.layer';
import { newEvent } from '../../server/fixtures';

const NOW = Date.parse('2026-12-06T10:00:00+08:00');
const MIN = 60_000;

function ev(id: string, over: Partial<IocEvent>): IocEvent {
  return { ...newEvent(id, '440307001', NOW - 5 * MIN), ...over };
}
const settled = (id: string, minutesAgo: number, severity: IocEvent['severity'] = 2) =>
  ev(id, { status: 'closed', severity, updatedAt: formatIso(NOW - minutesAgo * MIN) });

const build = (events: IocEvent[], zoom: number) =>
  liveEvents.buildLayers({
    features: [],
    events: [],
    live: pointsOf(events),
    regions: {},
    theme: 'dark',
    locale: 'zh-CN',
    opacity: 1,
    zoom,
    scopeId: null,
    selectedId: null,
    now: NOW,
    at: NOW,
  });

/** The event ids each deck.gl layer draws (picking data), by layer id. */
function drawn(events: IocEvent[], zoom: number): Map<string, string[]> {
  const layers = build(events, zoom);
  const out = new Map<string, string[]>();
  for (const l of layers) {
    const data = l.props.data as { events?: IocEvent[] } | [number, number][];
    const ids = Array.isArray(data) ? data.map(() => 'position') : (data.events ?? []).map((e) => e.id);
    out.set(l.id, ids);
  }
  return out;
}
const all = (m: Map<string, string[]>) => [...m.values()].flat();

describe('the live events layer', () => {
  const events = [
    ev('open-minor', { severity: 1 }),
    ev('open-serious', { severity: 4, status: 'dispatched' }),
    settled('closed-10m', 10),
    settled('closed-40m', 40),
    settled('closed-2h', 120),
  ];

  it('draws open events and those settled within the hour, not the older ones', () => {
    const street = drawn(events, 14);
    expect(all(street)).toEqual(
      expect.arrayContaining(['open-minor', 'open-serious', 'closed-10m', 'closed-40m']),
    );
    expect(all(street)).not.toContain('closed-2h');
  });

  it('fades a settled event as it ages: the older, the fainter', () => {
    const street = drawn(events, 14);
    const layers = build(events, 14);
    const alphaOf = (id: string) => {
      const layerId = [...street].find(([, ids]) => ids.includes(id))?.[0];
      const layer = layers.find((l) => l.id === layerId);
      return (layer?.props as { getFillColor?: number[] } | undefined)?.getFillColor?.[3] ?? Number.NaN;
    };
    expect(alphaOf('closed-10m')).toBeGreaterThan(alphaOf('closed-40m'));
    expect(alphaOf('open-minor')).toBeGreaterThan(alphaOf('closed-10m'));
  });

  it('in a replay, fades what settled in the hour before the replayed moment, not before now', () => {
    const later = liveEvents.buildLayers({
      ...{ features: [], events: [], regions: {}, theme: 'dark', locale: 'zh-CN', opacity: 1 },
      live: pointsOf(events),
      zoom: 14,
      scopeId: null,
      selectedId: null,
      now: NOW + 3 * 3600_000,
      at: NOW,
    });
    const ids = later.flatMap((l) =>
      ((l.props.data as { events?: IocEvent[] }).events ?? []).map((e) => e.id),
    );
    expect(ids).toContain('closed-10m');
    expect(ids).not.toContain('closed-2h');
  });

  // The host loads the hexagons' code at start (src/main.tsx); here the test does.
  beforeAll(() => loadAggregation());

  it('counts open minor events into hexagons at district zoom and keeps serious ones as dots', () => {
    const district = drawn(events, 10.6);
    expect(district.get('live-events-minor-density')).toHaveLength(1);
    expect(all(district)).not.toContain('open-minor');
    expect(all(district)).toContain('open-serious');
    const street = drawn(events, 14);
    expect(street.has('live-events-minor-density')).toBe(false);
  });
});
