/**
 * Several server instances on one PostgreSQL (PGlite serves one process, so these run on
 * PostgreSQL only): a change written through one instance reaches the streams of the
 * others through LISTEN/NOTIFY, even with polling all but off; a notification lost with a
 * dropped connection loses nothing; and a client whose instance is killed mid-stream
 * resumes on another with Last-Event-ID, nothing missing or doubled, every answered action
 * recorded once. Two instances also share one rate limit per intake token.
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import { createToken } from '../../server/auth/tokens';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { exited, startChild } from './child';
import { hotlineOrder } from './fixtures';
import { act, get, report, Stream, until } from './http';

const onPostgres = backends().includes('postgres');
/** Polling all but off: only a notification can bring another instance's change in time. */
const NO_POLL = 600_000;

describe.skipIf(!onPostgres)('two instances on one PostgreSQL', () => {
  let place: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    place = await freshDatabase('postgres');
    // The first start seeds the demo city; the second finds it seeded.
    a = await startServer(testConfig(place, { pollMs: NO_POLL }));
    b = await startServer(testConfig(place, { pollMs: NO_POLL }));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await a?.close();
    await b?.close();
    await place?.drop();
  });

  const reported = async (base: string) =>
    (await get<{ items: IocEvent[] }>(base, '/events?status=reported&limit=1000')).body.items;

  it('an action through A is on a stream from B within a second', async () => {
    const stream = new Stream(b.url);
    await until(() => stream.frames.length > 0, 10_000, 'stream open');
    const [ev] = await reported(a.url);
    if (!ev) throw new Error('no reported event');
    const res = await act<IocEvent>(a.url, 'district-demo', ev.id, {
      action: 'dispatch',
      toRegionId: ev.regionId,
      clientActionId: `across-${ev.id}`,
    });
    expect(res.status).toBe(200);
    const answered = Date.now();
    await until(
      () => stream.upserts<IocEvent>().some((e) => e.id === ev.id && e.status === 'dispatched'),
      10_000,
      'the action on B',
    );
    const late = Date.now() - answered;
    await stream.close();
    expect(late).toBeLessThan(1000);
  });

  it('a notification lost with a dropped connection loses nothing: the listener comes back and reads the log', async () => {
    const stream = new Stream(b.url);
    await until(() => stream.frames.length > 0, 10_000, 'stream open');
    const admin = new pg.Client({ connectionString: place.databaseUrl });
    await admin.connect();
    const dropped = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ioc-listen' AND datname = current_database()",
    );
    await admin.end();
    expect(dropped.rowCount).toBe(2);
    // Written at once, while the listeners are down: their NOTIFY reaches no one.
    const res = await report(a.url, 'intake-demo', hotlineOrder('LOST-1'));
    expect(res.status).toBe(201);
    const { id } = res.body as { id: string };
    await until(() => stream.upserts().some((e) => e.id === id), 10_000, 'the change after reconnecting');
    await stream.close();
  });

  it('two instances share one rate limit per intake token', async () => {
    const { token } = await createToken(a.ctx.db, 'intake', '440307', 'shared-limit', {
      rate: 0.1,
      burst: 4,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const via = i % 2 === 0 ? a.url : b.url;
      statuses.push((await report(via, token, hotlineOrder(`SHARED-${i}`, { source: 'network' }))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
  });

  it('SIGKILL on an instance mid-stream: its client resumes on the other, nothing missing or doubled', async () => {
    const killable = await startChild(place, { POLL_MS: String(NO_POLL) });
    child = killable.child;
    const open = (await get<{ items: IocEvent[] }>(b.url, '/events?status=reported,dispatched&limit=1000'))
      .body.items;
    expect(open.length).toBeGreaterThanOrEqual(40);
    const targets = open.slice(0, 40);

    const before = new Stream(killable.base);
    await until(() => before.frames.length > 0, 10_000, 'stream open');
    const answered = new Map<string, unknown>();
    const requestFor = (ev: IocEvent) => ({
      action: 'dispatch',
      toRegionId: ev.regionId,
      clientActionId: `failover-${ev.id}`,
    });
    // Actions through both instances at once, half on the one about to die.
    const burst = targets.map(async (ev, i) => {
      await new Promise((r) => setTimeout(r, i * 15));
      try {
        const res = await act(i % 2 === 0 ? killable.base : b.url, 'district-demo', ev.id, requestFor(ev));
        if (res.status === 200) answered.set(ev.id, res.body);
      } catch {
        // the instance died under this request: its outcome is unknown to the client
      }
    });
    await until(() => answered.size >= 10 && before.seqs.length >= 5, 30_000, 'some answers');
    child.kill('SIGKILL');
    await Promise.all([exited(child), before.close()]);
    const lastId = before.seqs.at(-1) as number;

    // The load balancer sends the client to B, with the last id it saw.
    const after = new Stream(b.url, '', { 'last-event-id': String(lastId) });
    await Promise.all(burst);
    expect(answered.size).toBeLessThan(targets.length); // the kill did land mid-burst
    const marker = await report(b.url, 'intake-demo', hotlineOrder('FAILOVER-END'));
    const markerId = (marker.body as { id: string }).id;
    await until(() => after.upserts().some((e) => e.id === markerId), 20_000, 'the marker on B');
    await after.close();

    const seqs = [...before.seqs, ...after.seqs];
    const first = seqs[0] as number;
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => first + i));
    const logged = await b.ctx.db.query<{ seq: number }>(
      'SELECT seq FROM event_log WHERE seq BETWEEN $1 AND $2 ORDER BY seq',
      [first, seqs.at(-1)],
    );
    expect(logged.map((r) => r.seq)).toEqual(seqs);
    const streamed = [...before.upserts<IocEvent>(), ...after.upserts<IocEvent>()];
    for (const ev of targets) {
      const [row] = await b.ctx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM event_history WHERE client_action_id = $1',
        [requestFor(ev).clientActionId],
      );
      const committed = row?.n ?? 0;
      if (answered.has(ev.id)) {
        expect(committed, ev.id).toBe(1);
        const retry = await act(b.url, 'district-demo', ev.id, requestFor(ev));
        expect(retry.body).toEqual(answered.get(ev.id));
      }
      // Each committed dispatch (the only change to these events meanwhile) reached the
      // client once, through one instance or the other; one that was not, never.
      expect(streamed.filter((e) => e.id === ev.id).length, ev.id).toBe(committed);
    }
  }, 180_000);
});
