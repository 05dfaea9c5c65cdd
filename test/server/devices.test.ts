/**
 * Walls are devices, on both backends: a screen without a session asks for a pairing, an
 * administrator approves its code (API, or the `device` command spawned), and the screen's
 * next poll collects a read-only session that does not idle out, once. Devices are listed
 * and revoked by administrators only; a revoked device is refused and its stream ends.
 * Every step is audited.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  DeviceList,
  DevicePairing,
  DevicePairingStatus,
  SESSION_COOKIE,
} from '@ioc/contract/contract';
import { createUser } from '../../server/auth/users';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { Stream, until } from './http';

const PINGHU = '440307001';
const CLI = { key: 'cli:test', userId: null, name: 'cli:test', role: null };

describe.each(backends())('devices on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let base = '';
  let admin = '';
  let street = '';

  const start = async () => {
    server = await startServer(testConfig(place, { sessionCheckMs: 200 }));
    base = server.url;
  };

  async function call<T = unknown>(
    method: string,
    path: string,
    o: { cookie?: string; body?: unknown; token?: string } = {},
  ) {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.cookie ? { cookie: `${SESSION_COOKIE}=${o.cookie}` } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        origin: base,
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    const cookie = /^[^=]+=([^;]*)/u.exec(
      res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '',
    )?.[1];
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, cookie, headers: res.headers };
  }

  const signIn = async (login: string, password: string) =>
    (await call('POST', '/session', { body: { login, password } })).cookie ?? '';

  beforeAll(async () => {
    place = await freshDatabase(backend);
    await start();
    await createUser(
      server.ctx.db,
      {
        login: 'dev.admin',
        name: '管理员',
        role: 'admin',
        regionId: '440307',
        password: 'dev-admin-password-1',
      },
      CLI,
    );
    await createUser(
      server.ctx.db,
      {
        login: 'dev.street',
        name: '坐席',
        role: 'street',
        regionId: PINGHU,
        password: 'dev-street-password-1',
      },
      CLI,
    );
    admin = await signIn('dev.admin', 'dev-admin-password-1');
    street = await signIn('dev.street', 'dev-street-password-1');
  });
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });

  it('a screen pairs: code, approval by an administrator, one collection of a read-only session', async () => {
    const asked = await call('POST', '/devices/pair');
    expect(asked.status).toBe(201);
    const pairing = DevicePairing.parse(asked.body);
    expect(pairing.code).toMatch(/^[A-HJ-KM-NP-Z2-9]{6}$/u);
    expect(Date.parse(pairing.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const poll = () => call('GET', `/devices/pair/${pairing.handle}`);
    expect(DevicePairingStatus.parse((await poll()).body)).toEqual({
      status: 'pending',
      expiresAt: pairing.expiresAt,
    });

    // Only an administrator approves.
    const approve = { code: pairing.code.toLowerCase(), regionId: PINGHU, name: '平湖大屏' };
    expect((await call('POST', '/devices/approve', { body: approve })).status).toBe(401);
    expect((await call('POST', '/devices/approve', { body: approve, token: 'district-demo' })).status).toBe(
      403,
    );
    expect((await call('POST', '/devices/approve', { body: approve, cookie: street })).status).toBe(403);
    const bad = await call('POST', '/devices/approve', {
      body: { code: 'ZZZZZZ', regionId: PINGHU },
      cookie: admin,
    });
    expect(bad.status).toBe(404);
    expect(ApiError.parse(bad.body).error.message).toMatch(/no screen is waiting with the code ZZZZZZ/u);
    const ok = await call<{ id: string }>('POST', '/devices/approve', { body: approve, cookie: admin });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: '平湖大屏', regionId: PINGHU, lastSeenAt: null, revokedAt: null });
    // The code is spent.
    expect((await call('POST', '/devices/approve', { body: approve, cookie: admin })).status).toBe(404);

    const collected = await poll();
    expect(collected.status).toBe(200);
    const status = DevicePairingStatus.parse(collected.body);
    expect(status.session).toMatchObject({ id: ok.body.id, role: 'wall', regionId: PINGHU, canAct: false });
    expect(Date.parse(status.session?.expiresAt ?? '') - Date.now()).toBeGreaterThan(300 * 86_400_000);
    const device = collected.cookie ?? '';
    expect(device).not.toBe('');
    expect(collected.headers.getSetCookie()[0]).toMatch(/HttpOnly/iu);
    // Once only: the handle is spent.
    expect((await poll()).status).toBe(404);

    const me = await call('GET', '/session', { cookie: device });
    expect(me.body).toMatchObject({ role: 'wall', name: '平湖大屏' });
    expect((await call('GET', '/kpis', { cookie: device })).status).toBe(200);
    // A device does not idle out.
    await server.ctx.db.query(
      "UPDATE sessions SET last_seen_at = now() - interval '3 days' WHERE user_id = $1",
      [ok.body.id],
    );
    expect((await call('GET', '/session', { cookie: device })).status).toBe(200);
    // It reads only.
    expect(
      (
        await call('POST', '/events/EV-x/actions', {
          cookie: device,
          body: { action: 'claim', clientActionId: 'c-000001' },
        })
      ).status,
    ).toBe(403);
  });

  it('administrators list and revoke devices; a revoked device is refused and its stream ends', async () => {
    const pairing = DevicePairing.parse((await call('POST', '/devices/pair')).body);
    const ok = await call<{ id: string }>('POST', '/devices/approve', {
      body: { code: pairing.code, regionId: '440307' },
      cookie: admin,
    });
    const device = (await call('GET', `/devices/pair/${pairing.handle}`)).cookie ?? '';
    expect((await call('GET', '/devices', { cookie: street })).status).toBe(403);
    expect((await call('GET', '/devices')).status).toBe(401);
    const list = DeviceList.parse((await call('GET', '/devices', { cookie: admin })).body);
    expect(list.items.map((d) => d.id)).toContain(ok.body.id);
    expect(list.items.find((d) => d.id === ok.body.id)).toMatchObject({
      name: `大屏 ${pairing.code}`,
      revokedAt: null,
    });

    const stream = new Stream(base, '', { cookie: `${SESSION_COOKIE}=${device}` });
    await until(() => stream.frames.length > 0, 5000, 'the stream to open');
    let ended = false;
    void stream.done.then(() => {
      ended = true;
    });
    expect((await call('DELETE', `/devices/${ok.body.id}`, { cookie: street })).status).toBe(403);
    expect((await call('DELETE', '/devices/no-such-device', { cookie: admin })).status).toBe(404);
    expect((await call('DELETE', `/devices/${ok.body.id}`, { cookie: admin })).status).toBe(204);
    await until(() => ended, 3000, 'the revoked device’s stream to end');
    expect((await call('GET', '/kpis', { cookie: device })).status).toBe(401);
    const after = DeviceList.parse((await call('GET', '/devices', { cookie: admin })).body);
    expect(after.items.find((d) => d.id === ok.body.id)?.revokedAt).not.toBeNull();

    const audit = await server.ctx.db.query<{ kind: string; actor_name: string }>(
      'SELECT kind, actor_name FROM audit_log WHERE target_user_id = $1 ORDER BY at',
      [ok.body.id],
    );
    expect(audit.map((a) => [a.kind, a.actor_name])).toEqual([
      ['device_paired', '管理员'],
      ['signin', `大屏 ${pairing.code}`],
      ['device_revoked', '管理员'],
    ]);
  });

  it('the device command approves a code', async () => {
    const pairing = DevicePairing.parse((await call('POST', '/devices/pair')).body);
    // The command opens the database itself: PGlite's folder is one process's at a time.
    await server.close();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/device.ts',
        'approve',
        pairing.code,
        '--region',
        PINGHU,
        '--name',
        '会议室',
      ],
      {
        env: { ...process.env, DATA_DIR: place.dataDir, DATABASE_URL: place.databaseUrl ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/approved [0-9a-f]{12} "会议室" \(wall, 440307001\)/u);
    await start();
    const status = DevicePairingStatus.parse((await call('GET', `/devices/pair/${pairing.handle}`)).body);
    expect(status.session).toMatchObject({ name: '会议室', role: 'wall', regionId: PINGHU });
    const [row] = await server.ctx.db.query<{ actor_key: string }>(
      "SELECT actor_key FROM audit_log WHERE kind = 'device_paired' ORDER BY at DESC LIMIT 1",
    );
    expect(row?.actor_key).toMatch(/^cli:/u);
  });
});
