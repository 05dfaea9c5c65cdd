/**
 * Single sign-on against a real OpenID provider (oidc-provider, started here with its
 * development login and consent pages), driven as a browser would: every redirect followed
 * by hand, the provider's forms posted, cookies kept. A pre-created account is found by its
 * login and bound to the subject, its role and region follow the provider's claims; a new
 * person gets an account where that is allowed, and none where it is not; a flow that did
 * not begin here is refused (back to the sign-in page, with the reason in its address). Each
 * sign-in, refused or not, is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, SESSION_COOKIE, SessionInfo, SessionOptions } from '@ioc/contract/contract';
import { createUser } from '../../server/auth/users';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { freePort, oidcConfig, startProvider, type TestProvider } from './oidcProvider';

const PINGHU = '440307001';
const BANTIAN = '440307002';
const CLI = { key: 'cli:test', userId: null, name: 'cli:test', role: null };

/** The provider's people: their claims. */
const PEOPLE: Record<string, Record<string, unknown>> = {
  'sub-zhang': { preferred_username: 'Zhang.San', name: '张三', ioc_role: 'street', ioc_region: BANTIAN },
  'sub-new': {
    preferred_username: 'new.person',
    name: '新人',
    ioc_role: ['viewer', 'planner'],
    ioc_region: PINGHU,
  },
  'sub-stranger': { preferred_username: 'stranger', name: '路人', ioc_role: 'planner', ioc_region: PINGHU },
};

describe.each(backends())('single sign-on on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let idp: TestProvider;
  let base = '';
  let issuer = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const redirectUrl = `${base}/api/v1/session/oidc/callback`;
    idp = await startProvider(PEOPLE, redirectUrl);
    issuer = idp.issuer;
    place = await freshDatabase(backend);
    server = await startServer(
      testConfig(place, {
        port,
        oidc: oidcConfig(issuer, redirectUrl),
      }),
    );
    await createUser(
      server.ctx.db,
      {
        login: 'zhang.san',
        name: '张三',
        role: 'street',
        regionId: PINGHU,
        password: 'zhang-san-password-1',
      },
      CLI,
    );
  });
  afterAll(async () => {
    await server?.close();
    await idp?.close();
    await place?.drop();
  });

  /** Begins at GET /session/oidc as `sub`, through the provider's pages, to the last answer. */
  async function signInAs(sub: string, begin = `${base}/api/v1/session/oidc`) {
    const jar = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as object), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const m = /^([^=]+)=([^;]*)/u.exec(c);
        if (!m) continue;
        if (m[2] === '' || /max-age=0\b|expires=thu, 01 jan 1970/iu.test(c)) jar.delete(m[1] as string);
        else jar.set(m[1] as string, m[2] as string);
      }
      return res;
    };
    let url = begin;
    let res = await go(url);
    for (let hop = 0; hop < 20; hop++) {
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).href;
        // Back in the app: done.
        if (url.startsWith(base) && !url.includes('/api/')) break;
        res = await go(url);
        continue;
      }
      const html = res.status === 200 ? await res.text() : '';
      const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
      const prompt = /name="prompt" value="([a-z]+)"/u.exec(html)?.[1];
      if (!action || !prompt) break;
      url = new URL(action, url).href;
      const form = new URLSearchParams(
        prompt === 'login' ? { prompt, login: sub, password: 'any' } : { prompt },
      );
      res = await go(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    }
    return { res, url, cookie: jar.get(SESSION_COOKIE) ?? null, jar };
  }

  const session = async (cookie: string | null) => {
    const res = await fetch(`${base}/api/v1/session`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('the sign-in options offer the button, pointing at the flow', async () => {
    const res = await fetch(`${base}/api/v1/session/options`);
    expect(SessionOptions.parse(await res.json()).sso).toEqual({
      label: '统一身份认证登录',
      startUrl: `${base}/api/v1/session/oidc`,
    });
  });

  it("a pre-created account is found by its login, bound to the subject, and takes the provider's role and region", async () => {
    const start = await fetch(`${base}/api/v1/session/oidc`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const to = new URL(start.headers.get('location') ?? '');
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/u);
    const flow = start.headers.getSetCookie().find((c) => c.startsWith('ioc_oidc='));
    expect(flow).toMatch(/HttpOnly/iu);
    expect(flow).toMatch(/Path=\/api\/v1\/session\/oidc/u);

    const done = await signInAs('sub-zhang');
    expect(done.url).toBe(`${base}/`);
    expect(done.cookie).toBeTruthy();
    const me = await session(done.cookie);
    expect(me.status).toBe(200);
    expect(SessionInfo.parse(me.body)).toMatchObject({
      login: 'zhang.san',
      role: 'street',
      regionId: BANTIAN,
    });
    const [row] = await server.ctx.db.query<{ oidc_subject: string }>(
      "SELECT oidc_subject FROM users WHERE login = 'zhang.san'",
    );
    expect(row?.oidc_subject).toBe(`${issuer}#sub-zhang`);
    const audit = await server.ctx.db.query<{ kind: string; detail: unknown }>(
      "SELECT kind, detail FROM audit_log WHERE target_user_id = (SELECT id FROM users WHERE login = 'zhang.san') ORDER BY at",
    );
    expect(audit.map((a) => a.kind)).toEqual(['user_created', 'user_role_changed', 'signin']);
  });

  it('a new person gets an account where allowed (the first known role), and none where not', async () => {
    const done = await signInAs('sub-new');
    const me = await session(done.cookie);
    expect(SessionInfo.parse(me.body)).toMatchObject({
      login: 'new.person',
      name: '新人',
      role: 'planner',
      regionId: PINGHU,
      canAct: false,
    });
    // Signed in again: the same account.
    const again = await signInAs('sub-new');
    expect(SessionInfo.parse((await session(again.cookie)).body).id).toBe(SessionInfo.parse(me.body).id);

    const oidc = server.ctx.oidc;
    if (!oidc) throw new Error('no oidc');
    (oidc.o as { createUsers: boolean }).createUsers = false;
    const refused = await signInAs('sub-stranger');
    // Refused: back to the app's sign-in page, which says why (not a JSON answer).
    expect(refused.res.status).toBe(303);
    expect(refused.url).toBe(`${base}/?signin=sso_failed&reason=forbidden`);
    expect(refused.cookie).toBeNull();
    (oidc.o as { createUsers: boolean }).createUsers = true;
  });

  it('a flow that did not begin in this browser is refused, and audited', async () => {
    const first = await signInAs('sub-zhang');
    expect(first.cookie).toBeTruthy();
    // The provider's answer replayed without the flow cookie (another browser, or an attacker's link).
    const res = await fetch(`${base}/api/v1/session/oidc/callback?code=abc&state=def`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}/?signin=sso_failed&reason=bad_request`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const admin = await createUser(
      server.ctx.db,
      { login: 'sso.admin', name: 'A', role: 'admin', regionId: '440307', password: 'sso-admin-password-1' },
      CLI,
    );
    const signin = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ login: admin.login, password: 'sso-admin-password-1' }),
    });
    const cookie = /^[^=]+=([^;]*)/u.exec(signin.headers.getSetCookie()[0] ?? '')?.[1];
    const page = AuditPage.parse(
      await (
        await fetch(`${base}/api/v1/audit?kind=signin_failed`, {
          headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
        })
      ).json(),
    );
    const reasons = page.items.map((i) => (i.detail as { method?: string; reason?: string }).reason);
    expect(page.items.every((i) => (i.detail as { method?: string }).method === 'oidc')).toBe(true);
    expect(reasons.some((r) => r?.startsWith('the sign-in took too long or began elsewhere'))).toBe(true);
    expect(reasons.some((r) => r?.startsWith('no account for stranger'))).toBe(true);
  });
});
