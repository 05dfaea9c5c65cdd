/**
 * People on both backends: accounts made by the `user` command (spawned once, else its
 * functions), sign-in with a session cookie, the person named in the history and the audit
 * log, their street's scope, read-only roles, failed sign-ins throttled (429), one answer for
 * an unknown login and a wrong password, other origins refused, disabled accounts and
 * signed-out sessions refused at once, the idle and absolute ends, an append-only audit log
 * that only administrators read, the demo's accounts, and backups that carry it all.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuditPage,
  type IocEvent,
  SESSION_COOKIE,
  SessionInfo,
  SessionOptions,
} from '@ioc/contract/contract';
import { DEMO_PASSWORD } from '../../mock-server/people';
import type { AuditActor } from '../../server/auth/audit';
import { createToken, revokeToken } from '../../server/auth/tokens';
import { createUser, findUser, setDisabled } from '../../server/auth/users';
import { backup, restore } from '../../server/backup';
import { parseUserCommand, runUserCommand } from '../../server/cli/user-command';
import { openDb } from '../../server/db/driver';
import { LOGGER } from '../../server/http/app';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { newEvent } from './fixtures';
import { act, get, Stream, until } from './http';

const PINGHU = '440307001';
const BANTIAN = '440307002';
const STREET_PW = 'pinghu-desk-password-1';
const ADMIN_PW = 'duty-officer-password-2';
const PLANNER_PW = 'planner-password-3';
const CLI: AuditActor = { key: 'cli:test', userId: null, name: 'cli:test', role: null };

interface Res<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

describe.each(backends())('people on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let base = '';
  const logged: string[] = [];
  const logger = {
    ...(LOGGER as object),
    level: 'info',
    stream: new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    }),
  };
  let n = 0;
  const start = async () => {
    server = await startServer(testConfig(place, { sessionCheckMs: 200 }), { logger });
    base = server.url;
  };

  /** An API call with a cookie and headers of our choosing (the browser's, or an attacker's). */
  async function call<T = unknown>(
    method: string,
    path: string,
    o: { cookie?: string | null; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<Res<T>> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.cookie ? { cookie: `${SESSION_COOKIE}=${o.cookie}` } : {}),
        'user-agent': 'people-test',
        ...o.headers,
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  /** Signs in from the server's own origin; the cookie's value, if one was set. */
  async function signIn(login: string, password: string, headers: Record<string, string> = {}) {
    const res = await call<SessionInfo>('POST', '/session', {
      body: { login, password },
      headers: { origin: base, ...headers },
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    const cookie = setCookie ? (/^[^=]+=([^;]*)/u.exec(setCookie)?.[1] ?? null) : null;
    return { ...res, setCookie, cookie };
  }

  const claim = (cookie: string, id: string, headers: Record<string, string> = { origin: base }) =>
    call<IocEvent>('POST', `/events/${id}/actions`, {
      cookie,
      headers,
      body: { action: 'claim', clientActionId: `claim-${id}` },
    });

  /** A fresh event in a street, dispatched there by the district's token. */
  async function dispatched(street: string): Promise<string> {
    const ev = newEvent(`EV-people-${backend}-${++n}`, street);
    await server.ctx.store.create(ev);
    const res = await act(base, 'district-demo', ev.id, {
      action: 'dispatch',
      toRegionId: street,
      clientActionId: `dispatch-${ev.id}`,
    });
    expect(res.status).toBe(200);
    return ev.id;
  }

  beforeAll(async () => {
    place = await freshDatabase(backend);
    await start();
  });
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });

  it('the user command creates accounts: spawned with the password on stdin, and as functions', async () => {
    // The command opens the database itself: PGlite's folder is one process's at a time.
    await server.close();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/user.ts',
        'create',
        '--login',
        'Li.Hua',
        '--name',
        '李华',
        '--role',
        'street',
        '--region',
        PINGHU,
        '--password-stdin',
      ],
      {
        env: { ...process.env, DATA_DIR: place.dataDir, DATABASE_URL: place.databaseUrl ?? '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stdin.end(`${STREET_PW}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/created [0-9a-f]{12} "Li\.Hua" \(李华, street 440307001\)/u);
    expect(out).not.toContain(STREET_PW);
    await start();

    const admin = parseUserCommand([
      'create',
      '--login',
      'duty.officer',
      '--name',
      '值班主任',
      '--role',
      'admin',
      '--region',
      '440307',
      '--password-stdin',
    ]);
    expect(await runUserCommand(server.ctx.db, admin, CLI, ADMIN_PW)).toEqual([
      expect.stringMatching(/^created .* "duty\.officer" \(值班主任, admin 440307\)$/u),
    ]);
    await createUser(
      server.ctx.db,
      { login: 'planner.wang', name: '王规划', role: 'planner', regionId: '440307', password: PLANNER_PW },
      CLI,
    );
    const list = await runUserCommand(server.ctx.db, parseUserCommand(['list']), CLI);
    expect(list.some((l) => l.includes('\tLi.Hua\t李华\tstreet\t440307001\tactive'))).toBe(true);
    expect(list.some((l) => l.includes('\tdemo-district\t区级指挥\tdistrict\t440307\tactive\tdemo'))).toBe(
      true,
    );

    // Refused: a role at the wrong level, a weak password, a login taken in another case,
    // a password as an argument.
    const make = (over: Record<string, string>) =>
      createUser(
        server.ctx.db,
        { login: 'x.y', name: 'X', role: 'street', regionId: PINGHU, password: STREET_PW, ...over } as never,
        CLI,
      );
    await expect(make({ regionId: '440307' })).rejects.toThrow(/street account belongs to a street/u);
    await expect(make({ role: 'community' })).rejects.toThrow(/community account belongs to a community/u);
    await expect(make({ password: 'short' })).rejects.toThrow(/at least 12 characters/u);
    await expect(make({ login: 'LI.HUA' })).rejects.toThrow(/is taken/u);
    expect(() =>
      parseUserCommand(['create', '--login', 'a', '--name', 'A', '--role', 'street', '--region', PINGHU]),
    ).toThrow(/--password-stdin/u);
    expect(() => parseUserCommand(['set-role', 'a', '--role', 'boss', '--region', PINGHU])).toThrow(
      /role must be/u,
    );

    // Stored as Argon2id; the creations are audited as the command line.
    const [row] = await server.ctx.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE login = 'Li.Hua'",
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/u);
    const created = await server.ctx.db.query<{ actor_name: string; actor_key: string }>(
      "SELECT actor_name, actor_key FROM audit_log WHERE kind = 'user_created' AND detail->>'login' IN ('Li.Hua', 'duty.officer') ORDER BY at",
    );
    expect(created).toHaveLength(2);
    expect(created[0]?.actor_key).toMatch(/^cli:/u);
    expect(created[1]).toEqual({ actor_name: 'cli:test', actor_key: 'cli:test' });
  }, 180_000);

  it('signs in with a session cookie (HttpOnly, SameSite=Lax, Path=/), stored hashed; GET /session says who', async () => {
    const res = await signIn('li.hua', STREET_PW);
    expect(res.status).toBe(200);
    const me = SessionInfo.parse(res.body);
    expect(me).toMatchObject({
      login: 'Li.Hua',
      name: '李华',
      role: 'street',
      regionId: PINGHU,
      regionName: '平湖街道',
      regionLevel: 'street',
      canAct: true,
    });
    const flags = (res.setCookie ?? '').split(';').map((f) => f.trim().toLowerCase());
    expect(flags).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'max-age=43200']));
    // Plain HTTP here: not Secure (it would be behind HTTPS, or with COOKIE_SECURE).
    expect(flags).not.toContain('secure');
    const cookie = res.cookie as string;
    expect(cookie.length).toBeGreaterThanOrEqual(40);
    const stored = await server.ctx.db.query<{ secret_sha256: string }>(
      'SELECT secret_sha256 FROM sessions WHERE user_id = $1',
      [me.id],
    );
    expect(stored.map((s) => s.secret_sha256)).toEqual([createHash('sha256').update(cookie).digest('hex')]);

    const who = await call<SessionInfo>('GET', '/session', { cookie });
    expect(who.status).toBe(200);
    expect(SessionInfo.parse(who.body)).toEqual(me);
    expect((await call('GET', '/session')).status).toBe(401);
    // A bearer token goes first: with one, the cookie is not asked.
    expect(
      (await call('GET', '/session', { cookie, headers: { authorization: 'Bearer district-demo' } })).status,
    ).toBe(401);
    // A second sign-in is a new session; the one this browser held ends.
    const again = await signIn('Li.Hua', STREET_PW, { cookie: `${SESSION_COOKIE}=${cookie}` });
    expect(again.status).toBe(200);
    expect(again.cookie).not.toBe(cookie);
    expect((await call('GET', '/session', { cookie })).status).toBe(401);
    expect((await call('GET', '/session', { cookie: again.cookie })).status).toBe(200);
  });

  it("a person acts on their street's events, named in the history, the history row and the audit log", async () => {
    const { cookie, body: me } = await signIn('Li.Hua', STREET_PW);
    const id = await dispatched(PINGHU);
    // The person's scope: they read their street, not another's.
    expect((await call('GET', `/events?region=${PINGHU}&limit=1`, { cookie: cookie as string })).status).toBe(
      200,
    );
    expect((await call('GET', `/events?region=${BANTIAN}`, { cookie: cookie as string })).status).toBe(403);
    const res = await claim(cookie as string, id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.history.at(-1)).toMatchObject({ action: 'claim', by: '李华', toStatus: 'handling' });
    const rows = await server.ctx.db.query<{
      actor: string;
      actor_user_id: string | null;
      actor_key: string;
    }>('SELECT actor, actor_user_id, actor_key FROM event_history WHERE event_id = $1 ORDER BY id', [id]);
    expect(rows.at(-1)).toEqual({ actor: '李华', actor_user_id: me.id, actor_key: `user:${me.id}` });
    expect(rows.at(-2)).toMatchObject({ actor: 'district-demo', actor_user_id: null });

    const other = await dispatched(BANTIAN);
    const refused = await claim(cookie as string, other);
    expect(refused.status).toBe(403);
    expect(ApiError.parse(refused.body).error.message).toMatch(/outside the caller's street/u);

    const { cookie: adminCookie } = await signIn('duty.officer', ADMIN_PW);
    const audit = await call<AuditPage>('GET', `/audit?user=${me.id}&kind=event_action`, {
      cookie: adminCookie as string,
    });
    expect(audit.status).toBe(200);
    const entries = AuditPage.parse(audit.body).items;
    expect(entries.map((e) => [e.eventId, e.action, e.result])).toEqual([
      [other, 'claim', 'forbidden'],
      [id, 'claim', 'ok'],
    ]);
    expect(entries[1]).toMatchObject({
      kind: 'event_action',
      actor: { key: `user:${me.id}`, userId: me.id, name: '李华', role: 'street' },
      userAgent: 'people-test',
      detail: { clientActionId: `claim-${id}` },
    });
    expect(entries[1]?.address).toMatch(/127\.0\.0\.1/u);
    // Machines' actions are audited too, under their token.
    const byToken = AuditPage.parse(
      (await call('GET', '/audit?kind=event_action&limit=1000', { cookie: adminCookie as string })).body,
    ).items.find((e) => e.eventId === id && e.action === 'dispatch');
    expect(byToken?.actor).toEqual({
      key: 'token:demo-district-demo',
      userId: null,
      name: 'district-demo',
      role: 'district',
    });
  });

  it('planner and wall read, and may not act (403 with a clear message)', async () => {
    const { cookie, body } = await signIn('planner.wang', PLANNER_PW);
    expect(body).toMatchObject({ role: 'planner', canAct: false });
    expect((await call('GET', '/kpis', { cookie: cookie as string })).status).toBe(200);
    const id = await dispatched(PINGHU);
    const res = await claim(cookie as string, id);
    expect(res.status).toBe(403);
    expect(ApiError.parse(res.body).error.message).toBe(
      'a planner account reads only: it may not act on events',
    );
    const wall = await signIn('demo-wall', DEMO_PASSWORD);
    expect(wall.body).toMatchObject({ role: 'wall', name: '大屏', canAct: false });
    expect((await claim(wall.cookie as string, id)).status).toBe(403);
    // A malformed attempt is the same refusal, not a lesson in the body's shape, and on record.
    const malformed = await call('POST', `/events/${id}/actions`, {
      cookie: cookie as string,
      body: { action: 'dispatch', toRegionId: 42 },
    });
    expect(malformed.status).toBe(403);
    const { cookie: adminCookie } = await signIn('duty.officer', ADMIN_PW);
    const audit = await call<AuditPage>('GET', '/audit?kind=event_action&limit=1000', {
      cookie: adminCookie as string,
    });
    const refusals = AuditPage.parse(audit.body)
      .items.filter((e) => e.eventId === id)
      .map((e) => [e.actor.role, e.action, e.result]);
    expect(refusals).toEqual(
      expect.arrayContaining([
        ['planner', 'claim', 'forbidden'],
        ['planner', 'dispatch', 'forbidden'],
        ['wall', 'claim', 'forbidden'],
      ]),
    );
  });

  it('refuses a cookie-authenticated change from another origin; bearer tokens are not affected', async () => {
    const { cookie } = await signIn('Li.Hua', STREET_PW);
    const id = await dispatched(PINGHU);
    const foreign = await claim(cookie as string, id, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(ApiError.parse(foreign.body).error.message).toMatch(/cross-origin request refused/u);
    expect((await claim(cookie as string, id, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // The session is still good, and nothing was applied: from its own origin the claim goes through.
    expect((await claim(cookie as string, id)).status).toBe(200);
    // Sign-in and sign-out from another origin are refused as well.
    expect((await signIn('Li.Hua', STREET_PW, { origin: 'https://evil.example' })).status).toBe(403);
    expect(
      (await call('DELETE', '/session', { cookie, headers: { origin: 'https://evil.example' } })).status,
    ).toBe(403);
    expect((await call('GET', '/session', { cookie })).status).toBe(200);
    // A token carries no ambient credential: its Origin is not checked.
    const other = await dispatched(PINGHU);
    const byToken = await call('POST', `/events/${other}/actions`, {
      headers: { authorization: `Bearer street-${PINGHU}`, origin: 'https://evil.example' },
      body: { action: 'claim', clientActionId: `token-claim-${other}` },
    });
    expect(byToken.status).toBe(200);
  });

  it('answers an unknown login exactly like a wrong password, after as much work', async () => {
    const wrong = await signIn('planner.wang', 'not-the-password');
    const unknown = await signIn('nobody.here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.setCookie).toBeUndefined();
    // Both verify an Argon2 hash: an unknown login answered without one would take a tenth.
    const time = async (login: string) => {
      const t = performance.now();
      await signIn(login, 'not-the-password');
      return performance.now() - t;
    };
    const wrongMs: number[] = [];
    const unknownMs: number[] = [];
    // Interleaved, and compared by their medians: a busy machine's spikes fall on either side.
    for (let i = 0; i < 5; i++) {
      wrongMs.push(await time('planner.wang'));
      unknownMs.push(await time(`nobody-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2] as number;
    expect(median(unknownMs)).toBeGreaterThan(0.4 * median(wrongMs));
    // The right password still works (6 failures are under the limit) and forgets them.
    expect((await signIn('planner.wang', PLANNER_PW)).status).toBe(200);
    const left = await server.ctx.db.query("SELECT 1 FROM signin_failures WHERE login_key = 'planner.wang'");
    expect(left).toHaveLength(0);
  });

  it('ten wrong passwords lock the login (429 with Retry-After, even for the right one) until an administrator enables it', async () => {
    await createUser(
      server.ctx.db,
      { login: 'zhao.lei', name: '赵雷', role: 'street', regionId: BANTIAN, password: 'zhao-lei-password-4' },
      CLI,
    );
    for (let i = 0; i < 10; i++) expect((await signIn('zhao.lei', `guess-${i}`)).status).toBe(401);
    const locked = await signIn('ZHAO.LEI', 'zhao-lei-password-4');
    expect(locked.status).toBe(429);
    expect(locked.cookie).toBeNull();
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    expect(ApiError.parse(locked.body).error).toEqual({
      code: 'too_many_requests',
      message: 'too many failed sign-ins for this login: try again in 15 min, or ask an administrator',
    });
    // An unknown login is locked alike, so a 429 tells nothing about which logins exist.
    for (let i = 0; i < 10; i++) await signIn('ghost', `guess-${i}`);
    expect((await signIn('ghost', 'guess')).status).toBe(429);
    // Enabling the account clears its failures.
    await runUserCommand(server.ctx.db, parseUserCommand(['enable', 'zhao.lei']), CLI);
    expect((await signIn('zhao.lei', 'zhao-lei-password-4')).status).toBe(200);
  });

  it("a disabled account's session is refused at its next request; signing out ends a session", async () => {
    const { cookie } = await signIn('zhao.lei', 'zhao-lei-password-4');
    expect((await call('GET', '/session', { cookie })).status).toBe(200);
    await setDisabled(server.ctx.db, 'zhao.lei', true, CLI);
    const refused = await call('GET', '/session', { cookie });
    expect(refused.status).toBe(401);
    expect(refused.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`, 'u'));
    expect((await call('GET', '/kpis', { cookie })).status).toBe(401);
    const disabled = await signIn('zhao.lei', 'zhao-lei-password-4');
    expect(disabled.status).toBe(403);
    expect(ApiError.parse(disabled.body).error.code).toBe('account_disabled');
    expect((await findUser(server.ctx.db, 'ZHAO.lei'))?.disabled).toBe(true);

    const session = await signIn('Li.Hua', STREET_PW);
    const out = await call('DELETE', '/session', { cookie: session.cookie, headers: { origin: base } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/u);
    expect((await call('GET', '/session', { cookie: session.cookie })).status).toBe(401);
    // Signing out again (or without a session) is still 204.
    expect(
      (await call('DELETE', '/session', { cookie: session.cookie, headers: { origin: base } })).status,
    ).toBe(204);
  });

  it('open event streams end within seconds of their session: signed out, revoked, disabled or moved', async () => {
    const planner = await createUser(
      server.ctx.db,
      { login: 'stream.watcher', name: '看屏', role: 'planner', regionId: '440307', password: PLANNER_PW },
      CLI,
    );
    const [out, revoked, disabled, moved, kept] = await Promise.all([
      signIn('Li.Hua', STREET_PW),
      signIn('Li.Hua', STREET_PW),
      signIn('stream.watcher', PLANNER_PW),
      signIn('planner.wang', PLANNER_PW),
      signIn('duty.officer', ADMIN_PW),
    ]);
    const open = (s: { cookie: string | null }) =>
      new Stream(base, '', { cookie: `${SESSION_COOKIE}=${s.cookie}` });
    const streams = [out, revoked, disabled, moved, kept].map(open);
    await until(() => streams.every((s) => s.frames.length > 0), 5000, 'the streams to open');
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const ended = streams.map(() => false);
    streams.forEach((s, i) => void s.done.then(() => (ended[i] = true)));
    const within = (i: number, what: string) => until(() => ended[i] === true, 3000, what);

    await call('DELETE', '/session', { cookie: out.cookie, headers: { origin: base } });
    await within(0, 'the signed-out stream to end');
    expect(ended).toEqual([true, false, false, false, false]);
    await runUserCommand(server.ctx.db, parseUserCommand(['sign-out', 'Li.Hua']), CLI);
    await within(1, 'the revoked stream to end');
    await setDisabled(server.ctx.db, planner.login, true, CLI);
    await within(2, "the disabled account's stream to end");
    // A new role or region is a new scope: the client reconnects and reads it.
    await runUserCommand(
      server.ctx.db,
      parseUserCommand(['set-role', 'planner.wang', '--role', 'planner', '--region', PINGHU]),
      CLI,
    );
    await within(3, "the moved account's stream to end");
    expect(ended).toEqual([true, true, true, true, false]);
    // Reconnecting is refused for the ended ones; the moved account reads its new region.
    for (const s of [out, revoked, disabled])
      expect((await call('GET', '/kpis', { cookie: s.cookie })).status).toBe(401);
    const again = open(moved);
    await until(() => again.frames.length > 0, 5000, 'the moved account to reconnect');
    expect(again.status).toBe(200);
    await again.close();
    await streams[4]?.close();
    await until(() => server.ctx.sessions.size === 0, 3000, 'the watch to let go of closed streams');
    await runUserCommand(
      server.ctx.db,
      parseUserCommand(['set-role', 'planner.wang', '--role', 'planner', '--region', '440307']),
      CLI,
    );
  });

  it("a machine's open stream ends within seconds of its token's revocation; another token's goes on", async () => {
    const [gone, kept] = await Promise.all([
      createToken(server.ctx.db, 'street', PINGHU, 'screen-to-revoke'),
      createToken(server.ctx.db, 'street', PINGHU, 'screen-to-keep'),
    ]);
    const streams = [gone, kept].map((t) => new Stream(base, '', { authorization: `Bearer ${t.token}` }));
    await until(() => streams.every((s) => s.frames.length > 0), 5000, 'the streams to open');
    const ended = [false, false];
    streams.forEach((s, i) => void s.done.then(() => (ended[i] = true)));
    expect(await revokeToken(server.ctx.db, gone.info.id, CLI)).toBe(1);
    await until(() => ended[0] === true, 3000, "the revoked token's stream to end");
    expect(ended).toEqual([true, false]);
    expect((await get(base, '/kpis', gone.token)).status).toBe(401);
    await streams[1]?.close();
    await revokeToken(server.ctx.db, kept.info.id, CLI);
  });

  it('a session ends after the idle time and at its absolute end', async () => {
    const idle = await signIn('Li.Hua', STREET_PW);
    const ended = await signIn('Li.Hua', STREET_PW);
    const hash = (c: string | null) =>
      createHash('sha256')
        .update(c as string)
        .digest('hex');
    await server.ctx.db.query(
      "UPDATE sessions SET last_seen_at = now() - interval '121 minutes' WHERE secret_sha256 = $1",
      [hash(idle.cookie)],
    );
    await server.ctx.db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE secret_sha256 = $1",
      [hash(ended.cookie)],
    );
    expect((await call('GET', '/session', { cookie: idle.cookie })).status).toBe(401);
    expect((await call('GET', '/session', { cookie: ended.cookie })).status).toBe(401);
    // A session in use moves its idle clock (at most once a minute).
    const used = await signIn('Li.Hua', STREET_PW);
    await server.ctx.db.query(
      "UPDATE sessions SET last_seen_at = now() - interval '119 minutes' WHERE secret_sha256 = $1",
      [hash(used.cookie)],
    );
    expect((await call('GET', '/session', { cookie: used.cookie })).status).toBe(200);
    const [seen] = await server.ctx.db.query<{ ago: number }>(
      'SELECT extract(epoch FROM now() - last_seen_at)::float8 AS ago FROM sessions WHERE secret_sha256 = $1',
      [hash(used.cookie)],
    );
    expect(seen?.ago).toBeLessThan(60);
  });

  it('the audit log: administrators only, filtered and paged, append-only, never a password', async () => {
    const { cookie: street } = await signIn('Li.Hua', STREET_PW);
    expect((await call('GET', '/audit', { cookie: street })).status).toBe(403);
    expect((await call('GET', '/audit')).status).toBe(401);
    expect((await get(base, '/audit', 'district-demo')).status).toBe(403);
    const { cookie } = await signIn('duty.officer', ADMIN_PW);
    const page = async (q: string) => {
      const res = await call<AuditPage>('GET', `/audit?${q}`, { cookie });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return AuditPage.parse(res.body);
    };
    const all = await page('kind=signin,signin_failed,signout,user_disabled,user_enabled&limit=1000');
    const kinds = new Set(all.items.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      'signin',
      'signin_failed',
      'signout',
      'user_disabled',
      'user_enabled',
    ]);
    const failed = all.items.filter((e) => e.kind === 'signin_failed');
    expect(failed.map((e) => e.result)).toEqual(
      expect.arrayContaining(['unauthorized', 'too_many_requests', 'account_disabled']),
    );
    expect(failed.find((e) => e.detail?.login === 'nobody.here')?.detail).toEqual({
      login: 'nobody.here',
      reason: 'unknown login',
    });
    // Pages of 3 follow each other without gaps or repeats, newest first.
    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const p: AuditPage = await page(
        `kind=signin,signin_failed,signout,user_disabled,user_enabled&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...p.items.map((e) => e.id));
      cursor = p.nextCursor;
    }
    expect(paged).toEqual(all.items.map((e) => e.id));
    const ats = all.items.map((e) => Date.parse(e.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    // A time range.
    const newest = all.items[0] as (typeof all.items)[number];
    const until = (await page(`until=${encodeURIComponent(newest.at)}&limit=1000`)).items;
    expect(until.some((e) => e.id === newest.id)).toBe(false);
    expect(
      (await page(`since=${encodeURIComponent(newest.at)}&limit=1000`)).items.some((e) => e.id === newest.id),
    ).toBe(true);
    expect((await call('GET', '/audit?kind=nonsense', { cookie })).status).toBe(400);

    await expect(server.ctx.db.query("UPDATE audit_log SET result = 'ok'")).rejects.toThrow(/append-only/u);
    await expect(server.ctx.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/u);
    const leaks = await server.ctx.db.query(
      `SELECT 1 FROM audit_log WHERE concat_ws(' ', actor_name, detail::text) ~ $1`,
      [[STREET_PW, ADMIN_PW, PLANNER_PW, 'zhao-lei-password-4'].join('|')],
    );
    expect(leaks).toHaveLength(0);
    const log = logged.join('');
    expect(log).toContain('/api/v1/session');
    for (const pw of [STREET_PW, ADMIN_PW, PLANNER_PW, DEMO_PASSWORD]) expect(log).not.toContain(pw);
  });

  it("the demo's accounts: listed for one-click sign-in, and refused where the demo is off", async () => {
    const options = SessionOptions.parse((await call('GET', '/session/options')).body);
    expect(options.demo).toBe(true);
    expect(options.demoPassword).toBe(DEMO_PASSWORD);
    expect(options.demoAccounts).toHaveLength(15);
    expect(options.demoAccounts[0]).toEqual({
      login: 'demo-district',
      name: '区级指挥',
      role: 'district',
      regionId: '440307',
    });
    expect(options.demoAccounts).toContainEqual({
      login: `demo-street-${PINGHU}`,
      name: '平湖街道坐席',
      role: 'street',
      regionId: PINGHU,
    });
    expect(options.demoAccounts.map((a) => a.role).slice(-3)).toEqual(['planner', 'wall', 'admin']);
    const desk = await signIn(`demo-street-${PINGHU}`, DEMO_PASSWORD);
    expect(desk.body).toMatchObject({ role: 'street', name: '平湖街道坐席' });

    const real = await startServer(testConfig(place, { demo: false }), { db: server.ctx.db });
    try {
      const res = await fetch(`${real.url}/api/v1/session/options`);
      expect(await res.json()).toEqual({ demo: false, demoAccounts: [] });
      const signIn = await fetch(`${real.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'demo-district', password: DEMO_PASSWORD }),
      });
      expect(signIn.status).toBe(401);
      // The demo session signed in above is refused here too.
      const me = await fetch(`${real.url}/api/v1/session`, {
        headers: { cookie: `${SESSION_COOKIE}=${desk.cookie}` },
      });
      expect(me.status).toBe(401);
    } finally {
      await real.close();
    }
  });

  it('a backup carries accounts, the audit log and who acted; sessions stay behind', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ioc-people-')), 'city.jsonl');
    const counts = await backup(server.ctx.db, file);
    expect(counts.users).toBeGreaterThan(14);
    expect(counts.audit_log).toBeGreaterThan(20);
    expect(counts).not.toHaveProperty('sessions');
    const copy = await freshDatabase(backend);
    const db = await openDb(copy);
    try {
      const restored = await restore(db, file);
      expect(restored.users).toBe(counts.users);
      expect(restored.audit_log).toBe(counts.audit_log);
      const who = await db.query<{ actor: string; login: string }>(
        `SELECT h.actor, u.login FROM event_history h JOIN users u ON u.id = h.actor_user_id WHERE h.action = 'claim'`,
      );
      expect(who.length).toBeGreaterThan(0);
      expect(who.every((w) => w.actor === '李华' && w.login === 'Li.Hua')).toBe(true);
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/u);
    } finally {
      await db.close();
      await copy.drop();
    }
    // A whole city through PGlite takes its time on a busy machine.
  }, 240_000);
});
