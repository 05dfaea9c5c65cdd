/**
 * The mock refuses hostile input as the server does (test/server/input.test.ts): a token in
 * the URL, text the API cannot hold, times it cannot represent, huge cursors, over-long ids,
 * repeated query keys and bodies that are not JSON, each with the server's status in the
 * contract's error shape; 405 names the allowed methods; `since` includes its whole second.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, EventPage, type IocEvent } from '@ioc/contract/contract';
import { encodeChangeCursor, encodeCursor } from '@ioc/contract/cursor';
import { formatIso } from '@ioc/domain/time';
import { call, type Got, PINGHU, testApi } from './helpers';

function refused(res: Got, status: number, message?: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const parsed = ApiError.safeParse(res.body);
  expect(parsed.success, JSON.stringify(res.body)).toBe(true);
  if (message && parsed.success) expect(parsed.data.error.message).toMatch(message);
}

const order = (over: Record<string, unknown> = {}) => ({
  source: '12345',
  externalId: 'HL-1',
  category: 'general-complaint',
  title: '噪音投诉',
  severity: 2,
  location: [114.13, 22.69],
  ...over,
});

describe('hostile input on the mock', () => {
  it('refuses a token in the URL however its key is written', async () => {
    const api = testApi();
    for (const key of ['access_token', 'access%5Ftoken', 'Access-Token', 'api_key', 'password'])
      refused(
        await call(api, `/api/v1/events?${key}=district-demo`),
        400,
        /token never goes in the URL.*Authorization header/u,
      );
    expect((await call(api, '/api/v1/events?limit=1', { token: 'district-demo' })).status).toBe(200);
    api.close();
  });

  it('tells a caller it does not know only that, as the server does: 401 before anything about its body', async () => {
    const api = testApi();
    const bad = { events: [{ title: 1 }] };
    const anonymous = await call(api, '/api/v1/events', { body: bad });
    refused(anonymous, 401, /intake token/u);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/invalid|events\[0\]/u);
    refused(
      await call(api, '/api/v1/events', { body: bad, token: 'intake-demo' }),
      400,
      /^invalid batch: events\[0\]/u,
    );
  });

  it('refuses NUL, unpaired surrogates and bad percent-encoding, naming the field', async () => {
    const api = testApi();
    refused(await call(api, '/api/v1/events?region=%00'), 400, /^region must not contain NUL/u);
    refused(await call(api, '/api/v1/layers/%00/features'), 400, /^layerId must not contain NUL/u);
    refused(await call(api, '/api/v1/layers/%ED%A0%80/features'), 400, /percent-encoded/u);
    refused(
      await call(api, '/api/v1/layers/5g-stations/tiles/1/0/0%00.mvt'),
      400,
      /^y must not contain NUL/u,
    );
    const act = (body: string) =>
      call(api, '/api/v1/events/EV-nope/actions', { token: 'district-demo', body });
    refused(await act('{"action":"claim","clientActionId":"hostile-\\ud800-1"}'), 400, /clientActionId: /u);
    refused(
      await act(JSON.stringify({ action: 'claim', clientActionId: 'hostile-0001', note: '\u0000' })),
      400,
      /note: /u,
    );
    refused(
      await call(api, '/api/v1/events/%00/actions', { token: 'district-demo', body: '{}' }),
      400,
      /^id /u,
    );
    const intake = (body: unknown) => call(api, '/api/v1/events', { token: 'intake-demo', body });
    refused(await intake(order({ title: 'a\u0000b' })), 400, /title: /u);
    refused(await intake(order({ externalId: 'x'.repeat(129) })), 400, /externalId: /u);
    api.close();
  });

  it('refuses times it cannot represent, huge cursors and over-long ids', async () => {
    const api = testApi();
    refused(await call(api, '/api/v1/events?since=0001-01-01T00:00:00%2B08:00'), 400, /^since must lie/u);
    for (const sec of [1e20, -1, 1.5e9 + 0.5])
      refused(await call(api, `/api/v1/events?cursor=${encodeCursor({ sec, id: 'EV-x' })}`), 400, /^cursor/u);
    // A change's cursor holds a version too: a whole count from 1; the list's cursor is not one.
    const changes = (cursor: string) => call(api, `/api/v1/events/changes?cursor=${cursor}`);
    for (const version of [0, -1, 1.5, 1e20])
      refused(await changes(encodeChangeCursor({ sec: 1.5e9, id: 'EV-x', version })), 400, /^cursor/u);
    refused(await changes(encodeCursor({ sec: 1.5e9, id: 'EV-x' })), 400, /^cursor/u);
    expect((await changes(encodeChangeCursor({ sec: 1.5e9, id: 'EV-x', version: 1 }))).status).toBe(200);
    refused(await call(api, `/api/v1/kpis?region=${'9'.repeat(129)}`), 400, /^region is longer/u);
    const intake = (body: unknown) => call(api, '/api/v1/events', { token: 'intake-demo', body });
    refused(
      await intake(order({ reportedAt: '0001-01-01T00:00:00+08:00' })),
      400,
      /^reportedAt is more than/u,
    );
    refused(await intake(order({ dueAt: '9999-01-01T00:00:00+08:00' })), 400, /^dueAt is more than/u);
    api.close();
  });

  it('refuses repeated query keys and bodies that are not JSON; 405 names what is allowed', async () => {
    const api = testApi();
    refused(await call(api, '/api/v1/events?limit=1&limit=2'), 400, /^limit is given more than once/u);
    refused(
      await call(api, '/api/v1/layers/kiosks/features?status=existing&status=planned'),
      400,
      /^status /u,
    );
    refused(
      await call(api, '/api/v1/events', {
        token: 'intake-demo',
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
    );
    const res = await call(api, '/api/v1/events/stream', { method: 'POST' });
    refused(res, 405, /^POST is not allowed on \/api\/v1\/events\/stream; it allows GET, HEAD, OPTIONS$/u);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    api.close();
  });

  it('since includes every event updated in its second', async () => {
    const api = testApi();
    api.clock.advance(400);
    const injected = await call<IocEvent>(api, '/__mock/events', { body: { regionId: PINGHU } });
    const second = Math.floor(api.clock.now() / 1000) * 1000;
    expect(Date.parse(injected.body.updatedAt)).toBe(second);
    const since = encodeURIComponent(formatIso(second).replace('+08:00', '.900+08:00'));
    const page = EventPage.parse((await call(api, `/api/v1/events?since=${since}&limit=1000`)).body);
    expect(page.items.map((e) => e.id)).toContain(injected.body.id);
    api.close();
  });
});
