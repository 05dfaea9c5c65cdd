/**
 * The emergency switch on the server, on both backends: the shared scenario, then what only
 * the server keeps: the switches append-only, each try audited with the person, and the
 * switches carried by a backup.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@ioc/contract/contract';
import { backup, restore } from '../../server/backup';
import { openDb } from '../../server/db/driver';
import { emergencyAt, recordSwitch } from '../../server/events/emergency';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { hourAfter, PINGHU, switchChecks, type SwitchTarget } from './emergency-scenario';

const T0 = Date.parse('2026-11-22T12:00:00+08:00');

describe.each(backends())('emergency switch on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let clock = T0;
  const H = hourAfter(T0);
  let target: SwitchTarget;
  beforeAll(async () => {
    place = await freshDatabase(backend);
    server = await startServer(testConfig(place), { now: () => clock });
    const base = server.url;
    target = {
      async call<T>(
        method: string,
        path: string,
        o: { cookie?: string; token?: string; body?: unknown } = {},
      ) {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: {
            origin: base,
            'user-agent': 'emergency-test',
            ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(o.cookie ? { cookie: `${SESSION_COOKIE}=${o.cookie}` } : {}),
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          },
          ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
      },
      create: async (ev) => {
        await server.ctx.store.create(ev);
      },
      setClock: (ms) => {
        clock = ms;
      },
    };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });

  switchChecks(backend, () => ({ t: target, H }));

  it(`${backend}: every switch tried is audited with who tried it, and the switches cannot be rewritten`, async () => {
    const rows = await server.ctx.db.query<{
      actor_name: string;
      actor_role: string;
      action: string;
      result: string;
    }>(
      "SELECT actor_name, actor_role, action, result FROM audit_log WHERE kind = 'emergency_switch' ORDER BY at, id",
    );
    const seen = rows.map((r) => `${r.actor_name}|${r.actor_role}|${r.action}|${r.result}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'district-demo|district|on|forbidden',
        '规划|planner|on|forbidden',
        '规划|planner|unknown|forbidden',
        '大屏|wall|on|forbidden',
        '平湖街道坐席|street|on|forbidden',
        '平湖街道坐席|street|on|ok',
        '平湖街道坐席|street|off|idempotency_conflict',
        '区级指挥|district|on|ok',
        '平湖街道坐席|street|off|ok',
      ]),
    );
    // Nobody signed in is refused before anything is known of them: nothing to audit.
    expect(seen.some((s) => s.startsWith('anonymous'))).toBe(false);
    const stored = await server.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM emergency_switches',
    );
    expect(stored[0]?.n).toBe(3);
    await expect(server.ctx.db.query('UPDATE emergency_switches SET switched_on = false')).rejects.toThrow(
      /append-only/u,
    );
    await expect(server.ctx.db.query('DELETE FROM emergency_switches')).rejects.toThrow(/append-only/u);
  });

  it(`${backend}: a backup carries the switches, and the restored city records new ones after them`, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ioc-emergency-')), 'city.jsonl');
    const counts = await backup(server.ctx.db, file);
    expect(counts.emergency_switches).toBe(3);
    const copy = await freshDatabase(backend);
    const db = await openDb(copy);
    try {
      expect((await restore(db, file)).emergency_switches).toBe(3);
      const regions = server.ctx.regions;
      const before = await emergencyAt(server.ctx.db, regions, PINGHU, clock);
      expect(await emergencyAt(db, regions, PINGHU, clock)).toEqual(before);
      const pinghu = regions.get(PINGHU);
      if (!pinghu) throw new Error('no 平湖');
      const after = await recordSwitch(
        db,
        regions,
        pinghu,
        { on: true, clientActionId: 'after-restore-1' },
        { by: '平湖街道坐席', key: 'user:restored' },
        clock,
      );
      expect(after.state).toMatchObject({ on: true, last: { by: '平湖街道坐席' } });
    } finally {
      await db.close();
      await copy.drop();
    }
    // A whole city through PGlite takes its time on a busy machine.
  }, 240_000);
});
