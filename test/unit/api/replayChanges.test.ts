/**
 * Playing forward against the mock's simulated city: the set shown at one moment plus GET
 * /events/changes up to the next is what GET /events?asOf= answers for the next, for the
 * district and for a street, with its bounds (the settled window, "the last N hours").
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../mock-server/api';
import { mockHandlers } from '../../../mock-server/handlers';
import { type ApiClient, createApiClient } from '../../../src/api/client';
import { eventsAsOf, type ReplayRequest } from '../../../src/api/replay';
import { advanceReplayed, fetchChanges, fetchEventAsOf } from '../../../src/api/replayChanges';
import type { IocEvent } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';

const BASE = 'http://ioc.test/api/v1';

/** The whole replayed set at a moment: the last step eventsAsOf yields. */
async function fetchEventsAsOf(client: ApiClient, r: ReplayRequest, signal: AbortSignal) {
  let last = new Map<string, IocEvent>();
  for await (const set of eventsAsOf(client, r, signal)) last = set;
  return last;
}
const HOUR = 3600_000;
const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  api.close();
});

describe('playing forward by changes', () => {
  const signal = new AbortController().signal;
  const now = Math.floor(Date.now() / 1000) * 1000;

  for (const token of [null, 'street-440307001'])
    for (const windowHours of [null, 1])
      it(`gives the next moment's set (${token ?? 'district'}, window ${windowHours ?? 'none'})`, async () => {
        const client = createApiClient(BASE, token);
        const sinceOf = (at: number) => (windowHours === null ? null : at - windowHours * HOUR);
        const read = (at: number) => {
          const since = sinceOf(at);
          return fetchEventsAsOf(
            client,
            { asOf: formatIso(at), region: null, since: since === null ? null : formatIso(since) },
            signal,
          );
        };
        let at = now - 6 * HOUR;
        let shown = await read(at);
        let changed = 0;
        for (const step of [60_000, 10 * 60_000, HOUR, 2 * HOUR]) {
          const to = at + step;
          const changes = await fetchChanges(
            client,
            { from: formatIso(at), to: formatIso(to), region: null },
            signal,
          );
          expect(changes).not.toBeNull();
          changed += changes?.length ?? 0;
          shown = advanceReplayed(shown, changes ?? [], sinceOf(to));
          const whole = await read(to);
          expect([...shown.keys()].sort()).toEqual([...whole.keys()].sort());
          for (const [id, ev] of whole) expect(shown.get(id), id).toEqual(ev);
          at = to;
        }
        // The simulated city moved meanwhile: the steps applied something.
        expect(changed).toBeGreaterThan(0);
      }, 60_000);

  it('reads one event as it was, and none before it was known', async () => {
    const client = createApiClient(BASE, null);
    const ev = [...api.store.values()].find((e) => e.history.length > 1);
    if (!ev) throw new Error('no event with a history');
    const second = Date.parse(ev.history[1]?.at ?? '');
    const then = await fetchEventAsOf(client, { id: ev.id, asOf: formatIso(second), region: null }, signal);
    expect(then?.history.length).toBeGreaterThanOrEqual(2);
    expect(then?.status).toBe(ev.history.filter((h) => Date.parse(h.at) <= second).at(-1)?.toStatus);
    const before = Date.parse(ev.reportedAt) - 1000;
    expect(
      await fetchEventAsOf(client, { id: ev.id, asOf: formatIso(before), region: null }, signal),
    ).toBeNull();
  });
});
