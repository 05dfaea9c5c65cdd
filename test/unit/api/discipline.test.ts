/**
 * The request discipline without a browser: the one backoff, the connection backoff that
 * counts how long a connection lived, the per-path budget and hold, the cursor guard, and
 * what the client makes of a proxy's HTML page, Retry-After and the server's own words.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF, backoffDelay, ConnectionBackoff } from '../../../src/api/backoff';
import { createApiClient } from '../../../src/api/client';
import { Meta } from '@ioc/contract/contract';
import { CursorGuard, RequestDiscipline } from '../../../src/api/discipline';
import { ApiProblem } from '../../../src/api/errors';

const URL_A = 'http://api.test/api/v1/kpis?region=1';
const URL_A2 = 'http://api.test/api/v1/kpis?region=2';
const URL_B = 'http://api.test/api/v1/meta';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** The problem `f` throws, or null if it throws none. */
function thrown(f: () => void): ApiProblem | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof ApiProblem) return e;
    throw e;
  }
}

describe('backoffDelay', () => {
  it('grows from a second to a ceiling, and jitters below each step, never above', () => {
    const steps = [1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, 0));
    expect(steps).toEqual([1000, 3000, 9000, 20_000, 20_000, 20_000]);
    for (let n = 1; n < 8; n++) {
      const top = backoffDelay(n, 0);
      const low = backoffDelay(n, 0.9999);
      expect(low).toBeLessThan(top);
      expect(low).toBeGreaterThanOrEqual(top * (1 - BACKOFF.jitter) - 1);
    }
  });

  it("honours a server's retry: above a one-second floor", () => {
    expect(backoffDelay(1, 0, { baseMs: 0 })).toBe(1000);
    expect(backoffDelay(1, 0, { baseMs: 5000 })).toBe(5000);
    expect(backoffDelay(2, 0, { baseMs: 5000 })).toBe(15_000);
  });
});

describe('ConnectionBackoff', () => {
  it('keeps growing for connections that open and die young, and starts afresh after a stable one', () => {
    const b = new ConnectionBackoff(30_000, {}, () => 0);
    // A stream that delivers one event and closes after 300 ms, saying retry: 0.
    const waits = Array.from({ length: 6 }, () => b.next(300, 0));
    expect(waits).toEqual([1000, 3000, 9000, 20_000, 20_000, 20_000]);
    expect(b.flaps).toBe(6);
    // A connection that held for a minute: the next drop is retried at once.
    expect(b.next(60_000, 0)).toBe(1000);
    expect(b.flaps).toBe(0);
  });

  it('counts a try that never opened as a failure, not as flapping', () => {
    const b = new ConnectionBackoff(30_000, {}, () => 0);
    expect([b.next(0), b.next(0)]).toEqual([1000, 3000]);
    expect(b.flaps).toBe(0);
  });

  it('makes a flapping stream cost a few connections a minute', () => {
    const b = new ConnectionBackoff(30_000, {}, Math.random);
    let t = 0;
    const starts: number[] = [];
    while (t < 5 * 60_000) {
      starts.push(t);
      t += 300 + b.next(300, 0);
    }
    // From the third connection on, any minute holds at most five.
    const later = starts.slice(2);
    for (const s of later)
      expect(later.filter((x) => x >= s && x < s + 60_000).length).toBeLessThanOrEqual(5);
  });
});

describe('RequestDiscipline', () => {
  it('admits a burst per path, then one a second', () => {
    const c = clock();
    const d = new RequestDiscipline(c.now, () => 0);
    for (let i = 0; i < 30; i++) expect(thrown(() => d.admit(URL_A))).toBeNull();
    const refused = thrown(() => d.admit(URL_A2));
    expect(refused?.kind).toBe('throttled');
    expect(refused?.retryAfterMs).toBe(1000);
    // Another path has its own budget.
    expect(thrown(() => d.admit(URL_B))).toBeNull();
    c.advance(1000);
    expect(thrown(() => d.admit(URL_A))).toBeNull();
    expect(thrown(() => d.admit(URL_A))?.kind).toBe('throttled');
  });

  it('holds a failing path for the backoff of its failures in a row, answering with its last problem', () => {
    const c = clock();
    const d = new RequestDiscipline(c.now, () => 0);
    const problem = new ApiProblem('server', URL_A, 'an HTML page', 502);
    d.admit(URL_A);
    d.failed(URL_A, problem);
    expect(d.heldFor(URL_A2)).toBe(1000); // the path, whatever the query
    const held = thrown(() => d.admit(URL_A2));
    expect([held?.kind, held?.status, held?.retryAfterMs]).toEqual(['server', 502, 1000]);
    c.advance(1000);
    d.admit(URL_A);
    d.failed(URL_A, problem);
    expect(d.heldFor(URL_A)).toBe(3000);
    // The query waits for the path, not for its own (shorter) count.
    expect(d.retryDelay(0, held)).toBeGreaterThanOrEqual(3000);
    expect(d.retryDelay(0, held)).toBeLessThan(3300);
    c.advance(3000);
    d.admit(URL_A);
    d.succeeded(URL_A);
    expect(d.heldFor(URL_A)).toBe(0);
    expect(thrown(() => d.admit(URL_A))).toBeNull();
  });

  it('lets paths held for an unreachable API go at once when it is reachable again, not failing ones', () => {
    const c = clock();
    const d = new RequestDiscipline(c.now, () => 0);
    d.failed(URL_A, new ApiProblem('network', URL_A, 'Failed to fetch'));
    d.failed(URL_B, new ApiProblem('server', URL_B, 'injected 500', 500));
    d.recovered();
    expect(d.heldFor(URL_A)).toBe(0);
    expect(d.heldFor(URL_B)).toBe(1000);
  });

  it("never holds past the ceiling, even for a server's long Retry-After", () => {
    const c = clock();
    const d = new RequestDiscipline(c.now, () => 0);
    d.failed(URL_A, new ApiProblem('server', URL_A, 'x', 503, { retryAfterMs: 3_600_000 }));
    expect(d.heldFor(URL_A)).toBe(BACKOFF.maxMs);
  });
});

describe('progress through a list', () => {
  const page = (cursor: string | null) =>
    `http://api.test/api/v1/events?status=new&limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`;

  it("admits a list's next pages without spending the budget, each once, while a repeat pays", () => {
    const c = clock();
    const d = new RequestDiscipline(c.now, () => 0);
    // The budget is all but spent on other requests to the path.
    for (let i = 0; i < 29; i++) d.admit(page(null));
    const guard = new CursorGuard(page(null), 50, d);
    expect(thrown(() => d.admit(page(null)))).toBeNull();
    // 49 more pages, each behind a cursor the guard followed: none is throttled.
    for (let n = 1; n < 50; n++) {
      guard.follow(`p${n}`);
      expect(
        thrown(() => d.admit(page(`p${n}`))),
        `page ${n}`,
      ).toBeNull();
    }
    guard.follow(null);
    // The same page asked again is repetition: it pays, and the budget is spent.
    expect(thrown(() => d.admit(page('p7')))?.kind).toBe('throttled');
  });

  it('grants nothing to a cursor that repeats, and still holds a failing path', () => {
    const c = clock();
    const d = new RequestDiscipline(c.now, () => 0);
    for (let i = 0; i < 30; i++) d.admit(page(null));
    const guard = new CursorGuard(page(null), 50, d);
    guard.follow('a');
    expect(thrown(() => guard.follow('a'))?.kind).toBe('paging');
    expect(thrown(() => d.admit(page('a')))).toBeNull(); // the one grant of 'a'
    expect(thrown(() => d.admit(page('a')))?.kind).toBe('throttled');
    // A grant does not lift a hold.
    guard.follow('b');
    d.failed(page(null), new ApiProblem('server', page(null), 'injected 500', 500));
    expect(thrown(() => d.admit(page('b')))?.kind).toBe('server');
  });
});

describe('CursorGuard', () => {
  it('stops at a repeated cursor, a cycle and a page cap, and lets a normal list end', () => {
    const follow = (cursors: (string | null)[], cap = 50) => {
      const g = new CursorGuard('/events', cap);
      return thrown(() => {
        for (const c of cursors) g.follow(c);
      });
    };
    expect(follow(['a', 'b', 'c', null])).toBeNull();
    expect(follow(['a', 'a'])?.kind).toBe('paging');
    expect(follow(['a', 'b', 'a'])?.detail).toMatch(/repeated after 3 pages/);
    expect(follow(['a', 'b', 'c', 'd'], 3)?.detail).toMatch(/more than 3 pages/);
  });
});

describe('api client on a hostile answer', () => {
  afterEach(() => vi.unstubAllGlobals());
  const respond = (body: string, status: number, headers: Record<string, string> = {}) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { status, headers })),
    );
  const problemOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as ApiProblem;
    }
    throw new Error('expected a failure');
  };

  it("tells a proxy's 502 page and a 200 web page from data, and shows none of their markup", async () => {
    const page = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
    respond(page, 502, { 'content-type': 'text/html' });
    const p = await problemOf(createApiClient('http://api.test/api/v1', null).get('/meta', Meta));
    expect([p.kind, p.status, p.serverMessage]).toEqual(['server', 502, undefined]);
    expect(p.detail).not.toContain('<');
    respond(page, 200);
    const q = await problemOf(createApiClient('http://api.test/api/v1', null).get('/meta', Meta));
    expect([q.kind, q.status]).toEqual(['html', 200]);
  });

  it("keeps the server's words, bounded and on one line, and its Retry-After", async () => {
    const message = `该事件已被坪地街道坐席签收\n${'很长'.repeat(500)}`;
    respond(JSON.stringify({ error: { code: 'conflict', message } }), 409, { 'retry-after': '7' });
    const p = await problemOf(createApiClient('http://api.test/api/v1', null).get('/meta', Meta));
    expect(p.kind).toBe('conflict');
    expect(p.serverMessage?.startsWith('该事件已被坪地街道坐席签收 很长')).toBe(true);
    expect(p.serverMessage!.length).toBeLessThanOrEqual(301);
    expect(p.retryAfterMs).toBe(7000);
  });

  it('sends nothing to a path it holds', async () => {
    respond('{}', 500);
    const client = createApiClient('http://api.test/api/v1', null);
    await problemOf(client.get('/meta', Meta));
    await problemOf(client.get('/meta', Meta));
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
