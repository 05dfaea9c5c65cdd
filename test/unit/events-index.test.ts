/**
 * Incremental ingest: the feed's sorted rows and the map's event buffers, kept across
 * flushes, always hold what a full recomputation would, whatever arrives, changes or is
 * let go, and a reader that falls behind the store's log reads everything again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventPoints } from '../../layers/kit/eventPoints';
import type { EventStatus, IocEvent } from '@ioc/contract/contract';
import { regionTreeOf } from '@ioc/contract/rules';
import { feedRule, selectFeed } from '../../src/panels/events/feedModel';
import { SortedEvents } from '../../src/pipeline/eventIndex';
import { createLiveEvents, type LiveEvents } from '../../src/pipeline/events';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const STATUSES: EventStatus[] = ['reported', 'dispatched', 'handling', 'resolved', 'closed'];

function ev(id: number, step: number, severity: 1 | 2 | 3 | 4): IocEvent {
  const at = new Date(T0 + step * 1000).toISOString();
  return {
    id: `E${id}`,
    source: '12345',
    category: 'general-complaint',
    title: `事件 ${id}`,
    description: '',
    severity,
    status: STATUSES[step % STATUSES.length] as EventStatus,
    regionId: '440307001',
    location: [114 + id / 1e4, 22.6],
    reportedAt: new Date(T0).toISOString(),
    dueAt: new Date(T0 + 86_400_000).toISOString(),
    updatedAt: at,
    history: [],
  };
}

/** A seeded stream: new events and updates of held ones, many in the same second. */
function* stream(seed: number) {
  let s = seed;
  const rnd = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  let next = 0;
  for (let batch = 0; batch < 60; batch++) {
    const events: IocEvent[] = [];
    for (let i = 0; i < 40; i++) {
      const id = next > 0 && rnd() < 0.4 ? Math.floor(rnd() * next) : next++;
      events.push(ev(id, batch * 3 + Math.floor(rnd() * 3), (1 + Math.floor(rnd() * 4)) as 1 | 2 | 3 | 4));
    }
    yield events;
  }
}

const tree = regionTreeOf([]);
const all = { status: 'all', source: 'all', severity: 'all' } as const;

let live: LiveEvents;
beforeEach(() => {
  live = createLiveEvents(300);
});
afterEach(() => live.dispose());

describe('incremental ingest', () => {
  it('keeps the feed in the order a full sort gives, through arrivals, updates and trims', () => {
    const rows = new SortedEvents(live);
    const open = new SortedEvents(live);
    const allRule = feedRule(all, null, tree, []);
    const openRule = feedRule({ ...all, status: 'open' }, null, tree, []);
    for (const events of stream(7)) {
      live.ingest(events);
      live.flush();
      const held = live.store.getState().byId.values();
      expect(rows.sync(allRule)).toEqual(selectFeed(held, all, null, tree, []));
      expect(open.sync(openRule)).toEqual(
        selectFeed(live.store.getState().byId.values(), { ...all, status: 'open' }, null, tree, []),
      );
    }
    expect(rows.items.length).toBe(live.store.getState().byId.size);
  });

  it('hands a flush only what it changed, and a reader too far behind gets nothing to patch', () => {
    live.ingest([ev(1, 0, 1), ev(2, 0, 2)]);
    live.flush();
    const v = live.store.getState().version;
    live.ingest([ev(1, 1, 1)]);
    live.flush();
    const log = live.changesSince(v);
    expect(log?.map((c) => c.changed)).toEqual([['E1']]);
    for (let i = 0; i < 70; i++) {
      live.ingest([ev(3, i + 2, 1)]);
      live.flush();
    }
    expect(live.changesSince(v)).toBeNull();
  });

  it('holds each event once in the buffer of its status and severity, wherever the others move', () => {
    const points = new EventPoints();
    const expected = new Map<string, IocEvent>();
    for (const events of stream(11)) {
      for (const e of events) {
        if (e.status === 'closed' && e.severity === 1) {
          points.remove(e.id);
          expected.delete(e.id);
        } else {
          points.upsert(e, e.location[0], e.location[1]);
          expected.set(e.id, e);
        }
      }
    }
    expect(points.size).toBe(expected.size);
    for (const [id, e] of expected) {
      const held = points.get(id);
      expect(held?.event).toBe(e);
      expect(held?.position[0]).toBeCloseTo(e.location[0], 4);
    }
    const drawn = points.buckets.flatMap((b) => {
      const view = b.view();
      return view.events.map((e, i) => [e.id, view.attributes.getPosition.value[2 * i]] as const);
    });
    expect(drawn).toHaveLength(expected.size);
    for (const [id, x] of drawn) expect(x).toBeCloseTo(expected.get(id)!.location[0], 4);
  });
});
