/**
 * Events on both backends: sequence numbers become visible in commit order under
 * concurrent writers (a reader following `seq > last` never skips one that a slower
 * transaction commits later), a request retried concurrently is applied once, and the
 * event KPIs computed by SQL equal the mock's for the same events and clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { eventIndicators as mockEventIndicators } from '../../mock-server/kpis/event-kpis';
import type { IocEvent } from '@ioc/contract/contract';
import type { Db } from '../../server/db/driver';
import { openDb } from '../../server/db/driver';
import { migrate } from '../../server/db/migrate';
import { eventParams, historyParams, INSERT_EVENT, INSERT_HISTORY } from '../../server/events/rows';
import { EventStore, publish } from '../../server/events/store';
import { eventIndicators } from '../../server/kpis/events';
import { regionIndex } from '../../server/regions';
import { DemoWorld } from '../../server/seed/demo-world';
import { seedEvents, seedGeography } from '../../server/seed/load';
import { backends, freshDatabase, type TestDatabase } from './backends';
import { newEvent } from './fixtures';

const NOW = Date.parse('2026-11-22T15:47:13+08:00');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends())('events on %s', (backend) => {
  let place: TestDatabase;
  let db: Db;
  let store: EventStore;
  let events: IocEvent[];

  beforeAll(async () => {
    place = await freshDatabase(backend);
    db = await openDb(place);
    await migrate(db);
    const demo = new DemoWorld(7);
    await seedGeography(db, demo, () => {});
    // The mock's own city for one day, worked to NOW: the reference for the KPIs below.
    const api = createApi({ seed: 7, tickMs: 0, clock: { now: () => NOW } });
    events = [...api.store.values()].sort((a, b) =>
      a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0,
    );
    api.close();
    await seedEvents(db, events, () => {});
    store = new EventStore(db, await regionIndex(db));
  });
  afterAll(async () => {
    await db?.close();
    await place?.drop();
  });

  it('event KPIs by SQL equal the mock’s for the district, a street and a community', async () => {
    const regions = await regionIndex(db);
    const street = regions.streets[2];
    const community = street?.children[0];
    for (const region of [regions.district, street, community]) {
      if (!region) throw new Error('no region');
      const fromSql = await eventIndicators(db, regions.district.id, region, NOW);
      expect(fromSql.find((i) => i.id === 'hotline.trend')?.value).toBeGreaterThan(0);
      expect(fromSql, region.id).toEqual(mockEventIndicators(region, events, NOW));
    }
  });

  it('a reader following seq > last sees every number once, in order, under concurrent writers', async () => {
    const start = (await store.logBounds()).last;
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      let last = start;
      while (writing || last < start + 80) {
        for (const e of await store.logAfter(last, 1000)) {
          // The next visible number is always the one after the last seen: nothing is skipped.
          expect(e.seq).toBe(last + 1);
          last = e.seq;
          seen.push(e.seq);
        }
        await sleep(2);
      }
    })();
    const regions = await regionIndex(db);
    const writer = async (w: number) => {
      for (let i = 0; i < 10; i++) {
        const ev = newEvent(`EV-order-${backend}-${w}-${i}`, '440307001');
        await db.transaction(async (tx) => {
          await tx.query(INSERT_EVENT, eventParams(regions, ev));
          const [h] = await tx.query<{ id: number }>(
            INSERT_HISTORY,
            historyParams(ev.id, ev.history[0]!, null),
          );
          await publish(tx, ev.id, h?.id ?? null, JSON.stringify(ev));
          // A slow commit after taking a number: a later writer must not become visible first.
          await sleep(Math.floor(Math.random() * 12));
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    writing = false;
    await reader;
    expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => start + 1 + i));
  });

  it('a request sent eight times at once is applied once and answered alike', async () => {
    const ev = newEvent(`EV-retry-${backend}`, '440307001');
    await store.create(ev);
    const req = {
      action: 'dispatch' as const,
      toRegionId: '440307001',
      clientActionId: `retry-${backend}-1`,
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.act(
          ev.id,
          req,
          { scope: { kind: 'district' }, by: 'district-demo', key: 'token:demo' },
          Date.now(),
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const answers = new Set(results.map((r) => (r.ok ? r.json : '')));
    expect(answers.size).toBe(1);
    const [stored] = await store.get([ev.id]);
    expect(stored?.history.filter((h) => h.action === 'dispatch')).toHaveLength(1);
    const [n] = await db.query<{ n: number }>(
      'SELECT count(*) AS n FROM event_history WHERE client_action_id = $1',
      [req.clientActionId],
    );
    expect(n?.n).toBe(1);
  });

  it('history is append-only: the database refuses to change or remove an entry', async () => {
    await expect(db.query("UPDATE event_history SET actor = 'someone else'")).rejects.toThrow(/append-only/u);
    await expect(db.query('DELETE FROM event_history')).rejects.toThrow(/append-only/u);
  });
});
