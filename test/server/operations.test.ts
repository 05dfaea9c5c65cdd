/**
 * Operations: a backup restored into an empty data folder (and into PostgreSQL) gives the
 * same answers; a database at the previous schema version upgrades in place at start;
 * tokens are stored hashed, revocable, and never written to the logs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_EPOCH_MS } from '@ioc/domain/time';
import { createApi } from '../../mock-server/api';
import { demoPeople } from '../../mock-server/people';
import type { KpiResponse } from '@ioc/contract/contract';
import { createToken, listTokens, revokeToken } from '../../server/auth/tokens';
import { backup, restore } from '../../server/backup';
import { type Db, openDb } from '../../server/db/driver';
import { LATEST_VERSION, migrate, schemaVersion } from '../../server/db/migrate';
import { LOGGER } from '../../server/http/app';
import { DemoWorld } from '../../server/seed/demo-world';
import { seedDemo, seedEvents, seedGeography } from '../../server/seed/load';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { hotlineOrder } from './fixtures';
import { act, get, report, until } from './http';

const NOW = Date.parse('2026-11-22T12:00:00+08:00');
const ANSWERS = ['/layers', '/regions?level=street', '/events?limit=1000', '/kpis', '/kpis?region=440307003'];

async function answers(base: string): Promise<unknown[]> {
  return Promise.all(ANSWERS.map(async (p) => (await get(base, p, 'district-demo')).body));
}

describe('backup and restore', () => {
  const places: TestDatabase[] = [];
  let source: RunningServer;
  let file: string;
  let acted = '';
  let firstAnswer: unknown;
  beforeAll(async () => {
    const place = await freshDatabase('pglite');
    places.push(place);
    source = await startServer(testConfig(place), { now: () => NOW });
    const [ev] = (
      await get<{ items: { id: string; regionId: string }[] }>(source.url, '/events?status=reported')
    ).body.items;
    if (!ev) throw new Error('no reported event');
    acted = ev.id;
    const first = await act(source.url, 'district-demo', ev.id, {
      action: 'dispatch',
      toRegionId: ev.regionId,
      clientActionId: 'backup-1',
    });
    expect(first.status).toBe(200);
    firstAnswer = first.body;
    file = join(mkdtempSync(join(tmpdir(), 'ioc-backup-')), 'city.jsonl');
    await backup(source.ctx.db, file);
  });
  afterAll(async () => {
    await source?.close();
    for (const p of places) await p.drop();
  });

  it.each(backends())('restores into an empty %s database with the same answers', async (backend) => {
    const place = await freshDatabase(backend);
    places.push(place);
    const db = await openDb(place);
    const counts = await restore(db, file);
    expect(counts.features).toBe(12_402);
    await db.close();
    const restored = await startServer(testConfig(place), { now: () => NOW });
    try {
      expect(await answers(restored.url)).toEqual(await answers(source.url));
      // The idempotency record came along: the same request is answered, not applied again.
      const retry = await act(restored.url, 'district-demo', acted, {
        action: 'dispatch',
        toRegionId: '440307001',
        clientActionId: 'backup-1',
      });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(firstAnswer);
    } finally {
      await restored.close();
    }
  });

  it('refuses to restore over a city', async () => {
    await expect(restore(source.ctx.db, file)).rejects.toThrow(/not empty/u);
  });
});

/** The rows of each table in a backup file. */
function dumped(file: string): Map<string, Record<string, unknown>[]> {
  const tables = new Map<string, Record<string, unknown>[]>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const { table, row } = JSON.parse(line) as { table: string; row: Record<string, unknown> };
    tables.set(table, [...(tables.get(table) ?? []), row]);
  }
  return tables;
}

describe.each(backends())('a backup taken on %s while the city keeps writing', (backend) => {
  const places: TestDatabase[] = [];
  let source: RunningServer;
  beforeAll(async () => {
    const place = await freshDatabase(backend);
    places.push(place);
    // A tenth of the layers: the backup still takes long enough for writes to go on meanwhile.
    source = await startServer(testConfig(place, { layerScale: 0.1 }), { now: () => NOW });
  });
  afterAll(async () => {
    await source?.close();
    for (const p of places) await p.drop();
  });

  it('is one snapshot: every history row has its event, and it restores on both backends', async () => {
    // Writers report events and dispatch them, without pause, before, during and after the backup.
    let writing = true;
    let done = 0;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const made = await report(source.url, 'intake-demo', hotlineOrder(`LOAD-${backend}-${w}-${i}`));
        const id = (made.body as { id?: string } | null)?.id;
        if (made.status === 201 && id) {
          await act(source.url, 'district-demo', id, {
            action: 'dispatch',
            toRegionId: '440307001',
            clientActionId: `load-${backend}-${w}-${i}`,
          });
        }
        done++;
      }
    };
    const writers = Promise.all([0, 1, 2].map(writer));
    const file = join(mkdtempSync(join(tmpdir(), 'ioc-backup-load-')), 'city.jsonl');
    let counts: Record<string, number>;
    let during: number;
    try {
      await until(() => done >= 6, 30_000, 'writes before the backup');
      const before = done;
      counts = await backup(source.ctx.db, file);
      during = done - before;
      await until(() => done >= before + during + 6, 30_000, 'writes after the backup');
    } finally {
      writing = false;
      await writers;
    }
    // PostgreSQL's writers never waited for the backup; PGlite's waited for its transaction.
    if (backend === 'postgres') expect(during).toBeGreaterThan(0);

    const tables = dumped(file);
    for (const [name, n] of Object.entries(counts)) expect(tables.get(name) ?? [], name).toHaveLength(n);
    const events = new Set((tables.get('events') ?? []).map((r) => r.id));
    const history = tables.get('event_history') ?? [];
    expect(history.filter((h) => !events.has(h.event_id)).map((h) => h.id)).toEqual([]);
    const seqs = (tables.get('event_log') ?? []).map((r) => Number(r.seq));
    expect(Number(tables.get('stream_counter')?.[0]?.seq)).toBe(Math.max(...seqs));
    expect(counts.event_history).toBeGreaterThan(0);

    for (const target of backends()) {
      const place = await freshDatabase(target);
      places.push(place);
      const db = await openDb(place);
      try {
        expect(await restore(db, file), `restored into ${target}`).toEqual(counts);
        for (const [name, n] of Object.entries(counts)) {
          const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
          expect(row?.n, `${name} in ${target}`).toBe(n);
        }
        const [orphans] = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM event_history h WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = h.event_id)',
        );
        expect(orphans?.n).toBe(0);
        // Each event's last published copy has exactly the history rows the backup holds.
        const [torn] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events e
           WHERE (SELECT count(*) FROM event_history h WHERE h.event_id = e.id) <>
             (SELECT json_array_length(l.doc::json -> 'history') FROM event_log l WHERE l.event_id = e.id ORDER BY l.seq DESC LIMIT 1)`,
        );
        expect(torn?.n).toBe(0);
      } finally {
        await db.close();
      }
    }
  }, 300_000);
});

describe.each(backends())('schema upgrade on %s', (backend) => {
  let place: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    place = await freshDatabase(backend);
  });
  afterAll(async () => {
    await db?.close().catch(() => {});
    await place?.drop();
  });

  it('a database of the previous version, with its data, is migrated at start and keeps answering', async () => {
    db = await openDb(place);
    expect(await migrate(db, LATEST_VERSION - 1)).toEqual(
      Array.from({ length: LATEST_VERSION - 1 }, (_, i) => i + 1),
    );
    // The version before kept no layer history: a world begun at the layers' load has none.
    const demo = new DemoWorld(5, 1, LAYER_EPOCH_MS);
    await seedGeography(db, demo, () => {});
    await seedEvents(db, demo.events(NOW).slice(0, 50), () => {});
    // A demo database of the version before holds the public demo tokens (as that version stored them).
    await db.query(
      `INSERT INTO access_tokens (id, name, token_sha256, role, region_id, demo, intake_rate, intake_burst)
       VALUES ('demo-district-demo', 'district-demo', encode(sha256('district-demo'::bytea), 'hex'), 'district', '440307', true, NULL, NULL),
         ('demo-intake-demo', 'intake-demo', encode(sha256('intake-demo'::bytea), 'hex'), 'intake', '440307', true, 50, 500)`,
    );
    // …and an action sent with an idempotency key, which belongs to its caller.
    const [acted] = await db.query<{ id: string }>('SELECT id FROM events ORDER BY id LIMIT 1');
    if (!acted) throw new Error('no event');
    await db.query(
      `INSERT INTO event_history (event_id, at, action, actor, from_status, to_status, client_action_id, actor_key)
       VALUES ($1, now(), 'dispatch', 'district-demo', 'reported', 'dispatched', 'upgrade-key-1', 'token:demo-district-demo')`,
      [acted.id],
    );
    await db.close();
    const server = await startServer(testConfig(place, { seed: 5 }));
    try {
      expect(await schemaVersion(server.ctx.db)).toBe(LATEST_VERSION);
      expect((await get<unknown[]>(server.url, '/layers')).body).toHaveLength(6);
      expect((await get<{ items: unknown[] }>(server.url, '/events?limit=1000')).body.items).toHaveLength(50);
      expect((await get(server.url, '/meta', 'district-demo')).status).toBe(200);
      // A demo database from before people gets the demo's accounts (one per desk, and its
      // administrator) at start.
      expect(await server.ctx.db.query('SELECT 1 FROM users WHERE demo')).toHaveLength(
        demoPeople(demo.regions).length + 1,
      );
      // The key sent before the upgrade is still its caller's: the retry is answered, not applied.
      const history = async () => (await server.ctx.store.get([acted.id]))[0]?.history.length ?? Number.NaN;
      const before = await history();
      const retry = await act(server.url, 'district-demo', acted.id, {
        action: 'dispatch',
        toRegionId: '440307001',
        clientActionId: 'upgrade-key-1',
      });
      expect(retry.status).toBe(200);
      expect(await history()).toBe(before);
      // The intake token still reports: one event however often a report is sent.
      const order = hotlineOrder('UPGRADE-1');
      expect((await report(server.url, 'intake-demo', order)).status).toBe(201);
      expect((await report(server.url, 'intake-demo', order)).status).toBe(200);
      expect((await get<{ items: unknown[] }>(server.url, '/events?limit=1000')).body.items).toHaveLength(51);
      // The service circle is measured as the planner measures it.
      const coverage = async (url: string) =>
        ((await get<KpiResponse>(url, '/kpis')).body as KpiResponse).indicators.find(
          (i) => i.id === 'selfService.coverage15min',
        )?.value;
      const mock = createApi({ seed: 5, tickMs: 0 });
      const fromMock = (
        (await (await mock.handle(new Request('http://mock.test/api/v1/kpis'))).json()) as KpiResponse
      ).indicators.find((i) => i.id === 'selfService.coverage15min')?.value;
      mock.close();
      expect(fromMock).toBeGreaterThan(0);
      expect(await coverage(server.url)).toBe(fromMock);
      expect(await migrate(server.ctx.db)).toEqual([]);
    } finally {
      await server.close();
    }
    db = await openDb(place);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      LATEST_VERSION + 1,
      'future',
    ]);
    await expect(migrate(db)).rejects.toThrow(/newer than this server/u);
  });
});

describe('access tokens', () => {
  let place: TestDatabase;
  let db: Db;
  let server: RunningServer;
  const logged: string[] = [];
  beforeAll(async () => {
    place = await freshDatabase('pglite');
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    });
    const logger = { ...(LOGGER as object), level: 'info', stream: sink };
    db = await openDb(place);
    await migrate(db);
    await seedDemo(db, 3, () => {});
    server = await startServer(testConfig(place, { demo: false }), { logger, db });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
    await place?.drop();
  });

  it('are stored hashed, bound to a region, revocable, and never logged', async () => {
    const { token, info } = await createToken(db, 'street', '440307003', 'buji-console');
    expect(info).toMatchObject({ role: 'street', regionId: '440307003', revokedAt: null });
    const stored = await db.query<{ token_sha256: string }>(
      'SELECT token_sha256 FROM access_tokens WHERE id = $1',
      [info.id],
    );
    expect(stored[0]?.token_sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(JSON.stringify(await db.query('SELECT * FROM access_tokens'))).not.toContain(token);
    await expect(createToken(db, 'street', '440307', 'wrong')).rejects.toThrow(/not a street/u);

    expect((await get(server.url, '/meta')).status).toBe(401);
    expect((await get(server.url, '/kpis', token)).status).toBe(200);
    expect((await get(server.url, '/kpis?region=440307001', token)).status).toBe(403);
    // A token in the URL is refused (it would end up in logs and histories), but never logged.
    expect((await fetch(`${server.url}/api/v1/events?access_token=${token}`)).status).toBe(400);

    const community = await createToken(db, 'community', '440307003001');
    const page = await get<{ items: { communityId?: string; assignee?: { regionId: string } }[] }>(
      server.url,
      '/events?limit=1000',
      community.token,
    );
    expect(page.status).toBe(200);
    expect(
      page.body.items.every(
        (e) => e.communityId === '440307003001' || e.assignee?.regionId === '440307003001',
      ),
    ).toBe(true);

    expect(
      await revokeToken(db, 'buji-console', { key: 'cli:test', userId: null, name: 'cli:test', role: null }),
    ).toBe(1);
    expect((await get(server.url, '/kpis', token)).status).toBe(401);
    expect((await listTokens(db)).find((t) => t.id === info.id)?.revokedAt).not.toBeNull();

    const log = logged.join('');
    expect(log).toContain('/api/v1/events?access_token=[redacted]');
    expect(log).not.toContain(token);
    expect(log).not.toContain(community.token);
  });
});
