/**
 * A demo with a longer history: the server opens with the last three days written and
 * back-fills the days before while it serves, so a replay four days back finds that day's
 * events; the older days are not pushed down the live stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPage } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { get } from './http';

const DAY = 86_400_000;

describe.each(backends())('a demo history of five days on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  const now = Date.now();
  const said: string[] = [];

  beforeAll(async () => {
    place = await freshDatabase(backend);
    server = await startServer(testConfig(place, { historyDays: 5 }), {
      now: () => now,
      progress: (m) => said.push(m),
    });
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });

  it('serves at once, and back-fills the days before the last three', async () => {
    // Open before the older days are in: the progress says so, then that they are.
    expect(said.some((m) => m.includes('back-filled in the background'))).toBe(true);
    await expect
      .poll(() => said.some((m) => m.includes('history back-filled')), { timeout: 120_000, interval: 500 })
      .toBe(true);
    const t = now - 4.5 * DAY;
    const page = EventPage.parse(
      (await get(server.url, `/events?asOf=${encodeURIComponent(formatIso(t))}&limit=50`)).body,
    );
    expect(page.items.length).toBeGreaterThan(0);
    for (const ev of page.items) expect(Date.parse(ev.updatedAt)).toBeLessThanOrEqual(t);
    // The back-filled days are in the tables, not in the stream's log.
    const [{ old, logged }] = (await server.ctx.db.query(
      `SELECT (SELECT count(*) FROM events WHERE updated_at < $1)::int AS old,
              (SELECT count(*) FROM event_log l JOIN events e ON e.id = l.event_id WHERE e.updated_at < $1)::int AS logged`,
      [new Date(now - 3 * DAY).toISOString()],
    )) as [{ old: number; logged: number }];
    expect(old).toBeGreaterThan(0);
    expect(logged).toBe(0);
  }, 180_000);
});
