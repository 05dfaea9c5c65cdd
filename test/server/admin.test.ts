/**
 * Administration over HTTP on both backends, as the app's admin page uses it: an
 * administrator creates an account, sees its session and ends it, disables and enables it,
 * changes its role and password, issues a machine token and revokes it; everyone else is
 * refused; each change names the administrator in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditPage,
  MachineTokenList,
  SESSION_COOKIE,
  SessionList,
  TokenCreated,
  UserAccount,
  UserList,
} from '@ioc/contract/contract';
import type { AuditActor } from '../../server/auth/audit';
import { createToken } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { get } from './http';

const PINGHU = '440307001';
const ADMIN_PW = 'admin-password-for-tests';
const DESK_PW = 'pinghu-desk-password-9';
const CLI: AuditActor = { key: 'cli:test', userId: null, name: 'cli:test', role: null };

describe.each(backends())('administration on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let base = '';

  async function call(
    method: string,
    path: string,
    o: { cookie?: string | null; body?: unknown; origin?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.cookie ? { cookie: `${SESSION_COOKIE}=${o.cookie}` } : {}),
        ...(method !== 'GET' ? { origin: o.origin ?? base } : {}),
        'user-agent': 'admin-test',
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function signIn(login: string, password: string): Promise<{ status: number; cookie: string }> {
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ login, password }),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    return { status: res.status, cookie: /^[^=]+=([^;]*)/u.exec(set)?.[1] ?? '' };
  }

  beforeAll(async () => {
    place = await freshDatabase(backend);
    server = await startServer(testConfig(place, { sessionCheckMs: 200 }));
    base = server.url;
    await createUser(
      server.ctx.db,
      { login: 'chief', name: '系统管理员', role: 'admin', regionId: '440307', password: ADMIN_PW },
      CLI,
    );
  });
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });

  it('refuses everyone but an administrator, and changes from another origin', async () => {
    expect((await call('GET', '/users')).status).toBe(401);
    const machine = await createToken(server.ctx.db, 'district', '440307');
    expect((await get(base, '/tokens', machine.token)).status).toBe(403);
    await createUser(
      server.ctx.db,
      { login: 'commander', name: '指挥长', role: 'district', regionId: '440307', password: DESK_PW },
      CLI,
    );
    const commander = await signIn('commander', DESK_PW);
    for (const path of ['/users', '/sessions', '/tokens'])
      expect((await call('GET', path, { cookie: commander.cookie })).status).toBe(403);
    const admin = await signIn('chief', ADMIN_PW);
    const foreign = await call('POST', '/users', {
      cookie: admin.cookie,
      origin: 'https://evil.example',
      body: { login: 'x1', name: 'x', role: 'planner', regionId: '440307', password: 'long-enough-pass-1' },
    });
    expect(foreign.status).toBe(403);
    const users = UserList.parse((await call('GET', '/users', { cookie: admin.cookie })).body);
    expect(users.items.map((u) => u.login)).not.toContain('x1');
  });

  it('creates an account that signs in, lists its session and ends it', async () => {
    const admin = await signIn('chief', ADMIN_PW);
    const made = await call('POST', '/users', {
      cookie: admin.cookie,
      body: { login: 'pinghu01', name: '平湖值班员', role: 'street', regionId: PINGHU, password: DESK_PW },
    });
    expect(made.status).toBe(201);
    const account = UserAccount.parse(made.body);
    expect(account).toMatchObject({ login: 'pinghu01', role: 'street', regionId: PINGHU, disabled: false });

    // Taken (in another case), weak, or at the wrong level: refused with the reason.
    const again = await call('POST', '/users', {
      cookie: admin.cookie,
      body: { login: 'PINGHU01', name: 'x', role: 'street', regionId: PINGHU, password: DESK_PW },
    });
    expect(again.status).toBe(409);
    const weak = await call('POST', '/users', {
      cookie: admin.cookie,
      body: { login: 'weak', name: 'x', role: 'street', regionId: PINGHU, password: 'short' },
    });
    expect(weak.status).toBe(400);
    const level = await call('POST', '/users', {
      cookie: admin.cookie,
      body: { login: 'level', name: 'x', role: 'street', regionId: '440307', password: DESK_PW },
    });
    expect(level.status).toBe(400);

    const desk = await signIn('pinghu01', DESK_PW);
    expect(desk.status).toBe(200);
    expect((await call('GET', '/session', { cookie: desk.cookie })).status).toBe(200);
    const sessions = SessionList.parse((await call('GET', '/sessions', { cookie: admin.cookie })).body);
    const theirs = sessions.items.find((s) => s.login === 'pinghu01');
    expect(theirs).toMatchObject({ name: '平湖值班员', role: 'street', current: false });
    expect(sessions.items.find((s) => s.login === 'chief' && s.current)).toBeDefined();

    const ended = await call('DELETE', `/sessions/${theirs?.id}`, { cookie: admin.cookie });
    expect(ended.status).toBe(204);
    expect((await call('GET', '/session', { cookie: desk.cookie })).status).toBe(401);
    expect((await call('DELETE', `/sessions/${theirs?.id}`, { cookie: admin.cookie })).status).toBe(404);
  });

  it('disables, enables, changes the role and the password; never its own role', async () => {
    const admin = await signIn('chief', ADMIN_PW);
    const users = UserList.parse((await call('GET', '/users', { cookie: admin.cookie })).body);
    const desk = users.items.find((u) => u.login === 'pinghu01');
    const chief = users.items.find((u) => u.login === 'chief');
    const patch = (id: string | undefined, body: unknown) =>
      call('PATCH', `/users/${id}`, { cookie: admin.cookie, body });

    const signedIn = await signIn('pinghu01', DESK_PW);
    const off = await patch(desk?.id, { disabled: true });
    expect(UserAccount.parse(off.body).disabled).toBe(true);
    expect((await call('GET', '/session', { cookie: signedIn.cookie })).status).toBe(401);
    expect((await signIn('pinghu01', DESK_PW)).status).toBe(403);
    await patch(desk?.id, { disabled: false });
    expect((await signIn('pinghu01', DESK_PW)).status).toBe(200);

    const moved = UserAccount.parse((await patch(desk?.id, { role: 'planner', regionId: PINGHU })).body);
    expect(moved.role).toBe('planner');
    const renamed = UserAccount.parse((await patch(desk?.id, { name: '平湖规划员' })).body);
    expect(renamed.name).toBe('平湖规划员');

    const NEW_PW = 'a-brand-new-password-7';
    expect((await patch(desk?.id, { password: NEW_PW })).status).toBe(200);
    expect((await signIn('pinghu01', DESK_PW)).status).toBe(401);
    expect((await signIn('pinghu01', NEW_PW)).status).toBe(200);

    // Two changes at once, or none: refused (the audit log records one change each).
    expect((await patch(desk?.id, { name: 'x', disabled: true })).status).toBe(400);
    expect((await patch(desk?.id, {})).status).toBe(400);
    expect((await patch(chief?.id, { disabled: true })).status).toBe(400);
    expect((await patch(chief?.id, { role: 'planner', regionId: '440307' })).status).toBe(400);
    expect((await patch('no-such-id', { disabled: true })).status).toBe(404);
  });

  it('issues a machine token shown once, lists it without its secret, and revokes it', async () => {
    const admin = await signIn('chief', ADMIN_PW);
    const made = await call('POST', '/tokens', {
      cookie: admin.cookie,
      body: { role: 'street', regionId: PINGHU, name: '平湖大屏脚本' },
    });
    expect(made.status).toBe(201);
    const { token, info } = TokenCreated.parse(made.body);
    expect((await get(base, `/events?region=${PINGHU}&limit=1`, token)).status).toBe(200);
    expect((await get(base, '/events?region=440307002&limit=1', token)).status).toBe(403);
    const listed = MachineTokenList.parse((await call('GET', '/tokens', { cookie: admin.cookie })).body);
    expect(listed.items.find((t) => t.id === info.id)).toMatchObject({
      name: '平湖大屏脚本',
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(token);

    const wrongLevel = await call('POST', '/tokens', {
      cookie: admin.cookie,
      body: { role: 'street', regionId: '440307' },
    });
    expect(wrongLevel.status).toBe(400);

    expect((await call('DELETE', `/tokens/${info.id}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await get(base, `/events?region=${PINGHU}&limit=1`, token)).status).toBe(401);
    expect((await call('DELETE', `/tokens/${info.id}`, { cookie: admin.cookie })).status).toBe(404);
  });

  it('names the administrator behind every change in the audit log', async () => {
    const admin = await signIn('chief', ADMIN_PW);
    const page = AuditPage.parse((await call('GET', '/audit?limit=200', { cookie: admin.cookie })).body);
    const byChief = page.items.filter((e) => e.actor.name === '系统管理员').map((e) => e.kind);
    for (const kind of [
      'user_created',
      'session_revoked',
      'user_disabled',
      'user_enabled',
      'user_role_changed',
      'user_renamed',
      'user_password_reset',
      'token_created',
      'token_revoked',
    ] as const)
      expect(byChief, kind).toContain(kind);
    // The refused creation from another origin changed nothing and created nobody.
    expect(page.items.some((e) => e.kind === 'user_created' && e.detail?.login === 'x1')).toBe(false);
  });
});
