/** The live events store: dedupe by id keeping the newest, batching per frame, bounded memory. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStatus, IocEvent } from '@ioc/contract/contract';
import { createLiveEvents, isNewer, type LiveEvents } from '../../src/pipeline/events';
import { testPipeline } from './events-pipeline';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function ev(id: string, status: EventStatus, at: number, historyLength = 1): IocEvent {
  return {
    id,
    source: '12345',
    category: 'general-complaint',
    title: `事件 ${id}`,
    description: '',
    severity: 1,
    status,
    regionId: '440307001',
    location: [114.1, 22.7],
    reportedAt: iso(T0),
    dueAt: iso(T0 + 86_400_000),
    updatedAt: iso(at),
    history: Array.from({ length: historyLength }, () => ({
      at: iso(at),
      action: 'report' as const,
      by: 'test',
      fromStatus: null,
      toStatus: status,
    })),
  };
}

let live: LiveEvents;
const held = () => live.store.getState().byId;

beforeEach(() => {
  live = createLiveEvents();
});
afterEach(() => live.dispose());

describe('events store', () => {
  it('keeps one copy per id, the newest; an older or repeated copy changes nothing', () => {
    live.ingest([ev('A', 'reported', T0), ev('A', 'dispatched', T0 + 60_000, 2), ev('A', 'reported', T0)]);
    live.flush();
    expect(held().size).toBe(1);
    expect(held().get('A')?.status).toBe('dispatched');
    const version = live.store.getState().version;
    live.ingest([ev('A', 'dispatched', T0 + 60_000, 2)]);
    live.flush();
    expect(live.store.getState().version).toBe(version);
  });

  it('tells two changes within one second apart by the history, which only grows', () => {
    expect(isNewer(ev('A', 'handling', T0, 3), ev('A', 'dispatched', T0, 2))).toBe(true);
    expect(isNewer(ev('A', 'dispatched', T0, 2), ev('A', 'handling', T0, 3))).toBe(false);
  });

  it('applies the first events into an empty store at once, so the feed fills without a wait', () => {
    const before = live.store.getState().version;
    live.ingest([ev('FIRST', 'reported', T0)]);
    expect(held().size).toBe(1);
    expect(live.store.getState().version).toBe(before + 1);
  });

  it('applies arrivals in one update per batch, not one per event', async () => {
    live.ingest([ev('FIRST', 'reported', T0 - 1000)]);
    const before = live.store.getState().version;
    live.ingest(
      Array.from({ length: 500 }, (_, i) => ev(`E${i}`, 'reported', T0 + i * 1000)),
      42,
    );
    expect(held().size).toBe(1); // nothing more until the flush
    await new Promise((r) => setTimeout(r, 300));
    expect(held().size).toBe(501);
    expect(live.store.getState().version).toBe(before + 1);
    expect(live.store.getState().lastSeq).toBe(42);
    expect(Date.parse(live.latestUpdatedAt()!)).toBe(T0 + 499_000);
  });

  it('stays bounded over weeks: every open event plus the most recent settled ones', () => {
    live = createLiveEvents(2000);
    const open = Array.from({ length: 300 }, (_, i) => ev(`OPEN-${i}`, 'handling', T0 + i));
    live.ingest(open);
    // Three weeks of a busy district: 60,000 events reported, worked and closed.
    let t = T0;
    for (let batch = 0; batch < 60; batch++) {
      const events: IocEvent[] = [];
      for (let i = 0; i < 1000; i++) {
        const id = `W-${batch}-${i}`;
        t += 30_000;
        events.push(ev(id, 'reported', t), ev(id, i % 3 ? 'closed' : 'resolved', t + 1000, 4));
      }
      live.ingest(events);
      live.flush();
      expect(held().size).toBeLessThanOrEqual(300 + 2000 * 1.1);
    }
    for (const o of open) expect(held().has(o.id)).toBe(true);
    // The settled ones kept are the newest.
    expect(held().has('W-59-999')).toBe(true);
    expect(held().has('W-0-0')).toBe(false);
    const settled = [...held().values()].filter((e) => e.status !== 'handling');
    expect(settled.length).toBeGreaterThanOrEqual(2000);
  });

  it('an event reopened from the settled window counts as open again', () => {
    live = createLiveEvents(10);
    live.ingest(Array.from({ length: 12 }, (_, i) => ev(`S${i}`, 'resolved', T0 + i * 1000)));
    live.ingest([ev('S0', 'handling', T0 + 100_000, 3)]);
    live.flush();
    live.ingest(Array.from({ length: 10 }, (_, i) => ev(`N${i}`, 'closed', T0 + 200_000 + i)));
    live.flush();
    expect(held().get('S0')?.status).toBe('handling');
  });
});

describe('the event pipeline', () => {
  it('is one per page: two share nothing, and a stopped one applies nothing more', async () => {
    const a = testPipeline();
    const b = testPipeline();
    a.events.ingest([ev('FIRST', 'reported', T0)]);
    expect(a.events.store.getState().byId.size).toBe(1);
    expect(b.events.store.getState().byId.size).toBe(0);
    const version = a.events.store.getState().version;
    a.events.ingest([ev('LATER', 'reported', T0 + 1000)]); // waits for the next flush
    a.stop();
    b.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(a.events.store.getState().version).toBe(version);
  });
});
