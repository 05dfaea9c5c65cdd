/**
 * Hostile input, round three, on both backends: the server never answers 500 to a caller's
 * input. A token in the URL is refused and never logged; text the API cannot hold (NUL, an
 * unpaired surrogate), times it cannot represent, huge cursors and over-long ids are 400s
 * naming the field; Fastify's own refusals (405, 413, 415, a bad URL) answer in the contract's
 * shape; repeated query keys are refused; `since` includes its whole second; a stored row the
 * API cannot represent is skipped, logged and counted instead of failing the list; and a
 * database outage is a 503 with Retry-After, from which the server recovers.
 */
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, EventPage, type IocEvent, Meta } from '@ioc/contract/contract';
import { encodeCursor } from '@ioc/contract/cursor';
import { formatIso } from '@ioc/domain/time';
import { type Db, openDb } from '../../server/db/driver';
import { eventParams, historyParams, INSERT_EVENT, INSERT_HISTORY } from '../../server/events/rows';
import { LOGGER, redactUrl } from '../../server/http/app';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, TEST_DATABASE_URL, type TestDatabase, testConfig } from './backends';
import { hotlineOrder, newEvent } from './fixtures';
import { until } from './http';

const PINGHU = '440307001';

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A request with the path as given (percent-encoding and all), answered as parsed JSON. */
async function send(
  base: string,
  path: string,
  init: { method?: string; token?: string; type?: string; body?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // left as text: the assertions below say it is not the contract's
  }
  return { status: res.status, body, headers: res.headers };
}

/** The answer is this status in the contract's error shape, its message matching. */
function refused(res: Answer, status: number, message?: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const parsed = ApiError.safeParse(res.body);
  expect(parsed.success, JSON.stringify(res.body)).toBe(true);
  if (message && parsed.success) expect(parsed.data.error.message).toMatch(message);
}

const json = (v: unknown) => JSON.stringify(v);
const action = (over: Record<string, unknown> = {}) =>
  json({ action: 'claim', clientActionId: 'hostile-0001', ...over });

describe('redactUrl', () => {
  it('redacts every credential-like query parameter by its decoded key, and nothing else', () => {
    expect(redactUrl('/api/v1/events?access_token=s3cret&limit=5')).toBe(
      '/api/v1/events?access_token=[redacted]&limit=5',
    );
    for (const key of [
      'access%5Ftoken',
      'ACCESS-TOKEN',
      'token',
      'api_key',
      'apiKey',
      'password',
      'x-secret',
    ])
      expect(redactUrl(`/api/v1/meta?region=1&${key}=s3cret`)).not.toContain('s3cret');
    expect(redactUrl('/api/v1/events?region=440307001&since=2026-11-22T09%3A30%3A00%2B08%3A00')).toBe(
      '/api/v1/events?region=440307001&since=2026-11-22T09%3A30%3A00%2B08%3A00',
    );
    expect(redactUrl('/api/v1/meta')).toBe('/api/v1/meta');
  });
});

describe.each(backends())('hostile input on %s', (backend) => {
  let place: TestDatabase;
  let db: Db;
  let server: RunningServer;
  let base: string;
  const logged: string[] = [];

  beforeAll(async () => {
    place = await freshDatabase(backend);
    db = await openDb(place);
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    });
    const logger = { ...(LOGGER as object), level: 'info', stream: sink };
    server = await startServer(testConfig(place, { layerScale: 0.02 }), { db, logger });
    base = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close().catch(() => {});
    await place?.drop();
  });

  it('refuses a token in the URL, however its key is written, and never logs it', async () => {
    const secret = 'district-demo';
    for (const key of ['access_token', 'access%5Ftoken', 'Access-Token', 'token', 'api_key', 'password']) {
      const res = await send(base, `/events?${key}=${secret}&limit=1`);
      refused(res, 400, /token never goes in the URL.*Authorization header/u);
      expect(JSON.stringify(res.body)).not.toContain(secret);
    }
    // The same caller with the header is served.
    expect((await send(base, '/events?limit=1', { token: secret })).status).toBe(200);
    const marker = 'never-logged-7f3a';
    refused(await send(base, `/meta?access%5Ftoken=${marker}`), 400);
    await until(() => logged.join('').includes('access_token=[redacted]'), 5000, 'the request logged');
    const log = logged.join('');
    expect(log).not.toContain(marker);
    expect(log).not.toContain(`access_token=${secret}`);
  });

  it('refuses NUL and unpaired surrogates in query values, path segments and JSON bodies, naming the field', async () => {
    refused(await send(base, '/events?region=%00'), 400, /^region must not contain NUL/u);
    refused(await send(base, '/events?status=reported%00'), 400, /^status must not contain NUL/u);
    refused(await send(base, '/events?x%00y=1'), 400, /query parameter names/u);
    refused(await send(base, '/layers/%00/features'), 400, /^layerId must not contain NUL/u);
    refused(await send(base, '/layers/5g-stations/tiles/1/0/0%00.mvt'), 400, /^y must not contain NUL/u);
    // A surrogate cannot be sent as UTF-8: its bytes (as CESU-8) are no valid percent-encoding.
    refused(await send(base, '/layers/%ED%A0%80/features'), 400, /percent-encoded/u);
    refused(await send(base, '/layers/a%zzb/features'), 400, /percent-encoded/u);
    refused(
      await send(base, '/events/%00/actions', {
        token: 'district-demo',
        type: 'application/json',
        body: action(),
      }),
      400,
      /^id must not contain NUL/u,
    );
    const act = (body: string) =>
      send(base, '/events/EV-nope/actions', { token: 'district-demo', type: 'application/json', body });
    refused(await act(action({ note: 'a\u0000b' })), 400, /note: must not contain NUL/u);
    refused(
      await act('{"action":"claim","clientActionId":"hostile-\\ud800-1"}'),
      400,
      /clientActionId: .*surrogate/u,
    );
    refused(await act(action({ toRegionId: '\udc00' })), 400, /toRegionId: .*surrogate/u);
    // Right-to-left marks and emoji are text like any other: the unknown event is a 404.
    refused(await act(action({ note: '\u202e مرحبا 😀' })), 404, /unknown event/u);
    const intake = (body: string) =>
      send(base, '/events', { token: 'intake-demo', type: 'application/json', body });
    for (const field of ['externalId', 'category', 'title', 'description'] as const) {
      refused(
        await intake(json(hotlineOrder('NUL-1', { [field]: 'x\u0000y' }))),
        400,
        new RegExp(`${field}: `, 'u'),
      );
      refused(
        await intake(
          `{"events":[${json(hotlineOrder('SUR-1', { [field]: 'PLACEHOLDER' })).replace('PLACEHOLDER', 'x\\udbff')}]}`,
        ),
        400,
        new RegExp(`events\\[0\\]\\.${field}: .*surrogate`, 'u'),
      );
    }
  });

  it('refuses times it cannot represent: since, cursors and reported times (400 naming the field)', async () => {
    for (const since of [
      '0001-01-01T00:00:00%2B08:00',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
    ])
      refused(await send(base, `/events?since=${since}`), 400, /^since must lie between/u);
    refused(await send(base, '/events?since=yesterday'), 400, /^since must be an ISO-8601/u);
    for (const sec of [1e20, -1e15, -1, 2 ** 53, 1.5e9 + 0.5, 5e9])
      refused(await send(base, `/events?cursor=${encodeCursor({ sec, id: 'EV-x' })}`), 400, /^cursor/u);
    refused(
      await send(base, `/events?cursor=${encodeCursor({ sec: 1.8e9, id: 'x'.repeat(200) })}`),
      400,
      /^cursor/u,
    );
    const now = Date.now();
    const report = (over: Record<string, string>) =>
      send(base, '/events', {
        token: 'intake-demo',
        type: 'application/json',
        body: json({ ...hotlineOrder(`T-${Object.values(over).join()}`), ...over }),
      });
    refused(
      await report({ reportedAt: '0001-01-01T00:00:00+08:00' }),
      400,
      /^reportedAt is more than 400 days ago/u,
    );
    refused(await report({ reportedAt: '0000-01-01T00:00:00Z' }), 400, /^reportedAt/u);
    refused(await report({ reportedAt: formatIso(now + 3600_000) }), 400, /^reportedAt is in the future/u);
    refused(await report({ dueAt: '9999-12-31T23:59:59+08:00' }), 400, /^dueAt is more than 400 days ahead/u);
    refused(await report({ reportedAt: 'not a time' }), 400, /reportedAt/u);
    expect((await report({ reportedAt: formatIso(now - 10 * 86_400_000) })).status).toBe(201);
  });

  it('bounds ids: over-long ones are 400, unknown ones 404', async () => {
    refused(await send(base, `/events?region=${'9'.repeat(129)}`), 400, /^region is longer than 128/u);
    refused(await send(base, `/regions?parent=${'9'.repeat(500)}`), 400, /^parent is longer than 128/u);
    refused(await send(base, `/layers/${'x'.repeat(129)}/features`), 400, /^layerId is longer than 128/u);
    refused(await send(base, `/layers/${'x'.repeat(5000)}/features`), 400, /longer than/u);
    refused(await send(base, `/events?cursor=${'A'.repeat(2000)}`), 400, /^cursor is longer than 1024/u);
    refused(await send(base, '/events?region=440307999'), 404, /unknown region/u);
    refused(await send(base, '/layers/nope/features'), 404, /unknown layer/u);
  });

  it("answers Fastify's own refusals in the contract's shape: 404, 405 with Allow, 413, 415, malformed JSON", async () => {
    refused(await send(base, '/nowhere'), 404, /no such endpoint/u);
    const post = await send(base, '/events/stream', { method: 'POST' });
    refused(post, 405, /^POST is not allowed on \/api\/v1\/events\/stream; it allows GET, HEAD, OPTIONS$/u);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const get = await send(base, '/events/EV-1/actions');
    refused(get, 405, /^GET is not allowed on .*; it allows POST, OPTIONS$/u);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await send(base, '/events', { method: 'DELETE' })).headers.get('allow')).toBe(
      'GET, HEAD, POST, OPTIONS',
    );
    // A trailing slash is the same endpoint, as on the mock.
    expect(Meta.safeParse((await send(base, '/meta/')).body).success).toBe(true);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx'])
      refused(
        await send(base, '/events', { token: 'intake-demo', type, body: json(hotlineOrder('CT-1')) }),
        415,
        /Content-Type: application\/json/u,
      );
    refused(await send(base, '/events/EV-1/actions', { token: 'district-demo', body: action() }), 415);
    refused(
      await send(base, '/events/EV-1/actions', {
        token: 'district-demo',
        type: 'application/json',
        body: '{"action":',
      }),
      400,
      /body must be JSON/u,
    );
    refused(
      await send(base, '/events/EV-1/actions', {
        token: 'district-demo',
        type: 'application/json',
        body: json({ note: 'x'.repeat(70_000) }),
      }),
      413,
      /larger than/u,
    );
    expect(
      (
        await send(base, '/events', {
          token: 'intake-demo',
          type: 'application/json; charset=utf-8',
          body: json(hotlineOrder('CT-2')),
        })
      ).status,
    ).toBe(201);
  });

  it('tells a caller it does not know only that: 401 before anything about its body', async () => {
    const bad = { type: 'application/json', body: json({ events: [{ title: 1 }] }) };
    const anonymous = await send(base, '/events', bad);
    refused(anonymous, 401, /intake token/u);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/invalid|events\[0\]/u);
    refused(await send(base, '/events', { ...bad, token: 'no-such-token' }), 401);
    // A caller the API knows hears what is wrong with the body.
    refused(
      await send(base, '/events', { ...bad, token: 'intake-demo' }),
      400,
      /^invalid batch: events\[0\]/u,
    );
  });

  it('refuses a repeated query key, naming it', async () => {
    refused(
      await send(base, '/events?status=reported&status=closed'),
      400,
      /^status is given more than once/u,
    );
    refused(await send(base, '/events?limit=1&limit=2'), 400, /^limit is given more than once/u);
    refused(
      await send(base, '/layers/5g-stations/features?kind=macro&kind=micro'),
      400,
      /^kind is given more than once/u,
    );
    expect((await send(base, '/layers/5g-stations/features?kind=macro,micro')).status).toBe(200);
  });

  it('since includes every event updated in its second', async () => {
    const second = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const ev = newEvent(`EV-second-${backend}`, PINGHU, second + 200);
    await server.ctx.store.create(ev);
    for (const fraction of ['', '.000', '.500', '.999']) {
      const since = encodeURIComponent(formatIso(second).replace('+08:00', `${fraction}+08:00`));
      const page = EventPage.parse((await send(base, `/events?since=${since}&limit=1000`)).body);
      expect(
        page.items.map((e) => e.id),
        fraction,
      ).toContain(ev.id);
    }
    const after = encodeURIComponent(formatIso(second + 1000));
    const later = EventPage.parse((await send(base, `/events?since=${after}&limit=1000`)).body);
    expect(later.items.map((e) => e.id)).not.toContain(ev.id);
  });

  it('skips a stored event it cannot represent, logs and counts it, and never fails the list', async () => {
    // Rows as an older server let them in: reported in year 0, a deadline of infinity, an
    // update at the dawn of time (never listed: outside the times the API represents).
    const poison = (id: string, over: Partial<Record<'reportedAt' | 'dueAt' | 'updatedAt', string>>) => {
      const ev = { ...newEvent(id, PINGHU), ...over };
      ev.history = [{ ...(ev.history[0] as IocEvent['history'][0]), at: ev.reportedAt }];
      return ev;
    };
    const rows = [
      poison(`EV-poison-${backend}-1`, { reportedAt: '0001-01-01T00:00:00+08:00' }),
      poison(`EV-poison-${backend}-2`, { dueAt: 'infinity' }),
      poison(`EV-poison-${backend}-3`, { updatedAt: '0001-01-01T00:00:00+08:00' }),
    ];
    for (const ev of rows) {
      await db.query(INSERT_EVENT, eventParams(server.ctx.regions, ev));
      await db.query(INSERT_HISTORY, historyParams(ev.id, ev.history[0] as IocEvent['history'][0], null));
    }
    const first = await send(base, '/events?limit=50');
    expect(first.status).toBe(200);
    const page = EventPage.parse(first.body);
    expect(page.items.length).toBeGreaterThan(40);
    expect(page.items.map((e) => e.id).filter((id) => id.startsWith('EV-poison'))).toEqual([]);
    expect(first.headers.get('x-skipped-events')).toBe('2');
    await until(() => logged.join('').includes(`EV-poison-${backend}-1`), 5000, 'the skipped row logged');
    // A page of only the bad row still pages on past it.
    const one = await send(base, '/events?limit=1');
    expect(EventPage.parse(one.body).items).toEqual([]);
    const next = await send(base, `/events?limit=1&cursor=${EventPage.parse(one.body).nextCursor}`);
    expect(next.status).toBe(200);
    // The rest of the API answers; acting on the bad event says why it cannot.
    for (const path of ['/meta', '/kpis', `/kpis?region=${PINGHU}`, '/events?status=reported&limit=1000'])
      expect((await send(base, path)).status, path).toBe(200);
    refused(
      await send(base, `/events/${rows[0]?.id}/actions`, {
        token: 'district-demo',
        type: 'application/json',
        body: json({ action: 'dispatch', toRegionId: PINGHU, clientActionId: 'poison-dispatch' }),
      }),
      409,
      /cannot represent/u,
    );
  });

  it('answers 503 with Retry-After while the database is down, and recovers when it is back', async () => {
    const down = async () => {
      for (const path of ['/events?limit=5', '/meta', '/kpis']) {
        const res = await send(base, path);
        refused(res, 503, /database cannot be reached/u);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      refused(
        await send(base, '/events', {
          token: 'intake-demo',
          type: 'application/json',
          body: json(hotlineOrder('DOWN-1')),
        }),
        503,
      );
    };
    if (backend === 'pglite') {
      // The embedded database closed under the running server: it does not come back.
      await db.close();
      await down();
      return;
    }
    const name = new URL(place.databaseUrl as string).pathname.slice(1);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await down();
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await until(async () => (await send(base, '/events?limit=5')).status === 200, 20_000, 'recovery');
      expect(EventPage.safeParse((await send(base, '/events?limit=5')).body).success).toBe(true);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
      await admin.end();
    }
  });
});
