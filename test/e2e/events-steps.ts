/**
 * Steps for the live-events browser tests: a wall and a street console on the Node mock
 * server, a clock the test moves, and a record of every SSE frame a page receives.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Api, type ApiOptions, createApi } from '../../mock-server/api';
import { type NodeServer, startNodeServer } from '../../mock-server/node';
import type { IocEvent } from '@ioc/contract/contract';
import { launchBrowser, type Served, serveDist, withConfig } from './harness';

export const PINGHU = '440307001';
export const BANTIAN = '440307002';
export const LONGGANG = '440307009';
export const OPERATOR_TOKEN = `street-${PINGHU}`;
const basemap = { type: 'style', url: 'basemap/style-dark.json', lightUrl: 'basemap/style-light.json' };

/** What a live-events test runs on: a browser, the built app, and one mock world served by Node. */
export interface World {
  browser: Browser;
  app: Served;
  api: Api;
  server: NodeServer;
  apiUrl: string;
  origin: string;
}

export async function startWorld(options: ApiOptions): Promise<World> {
  const api = createApi(options);
  const [browser, app, server] = await Promise.all([
    launchBrowser(),
    serveDist(),
    startNodeServer({ port: 0, api }),
  ]);
  return { browser, app, api, server, apiUrl: server.url, origin: new URL(server.url).origin };
}

/** Closes what `startWorld` opened (`server`: the one running now, if the test restarted it). */
export async function closeWorld(world: Partial<World> | undefined): Promise<void> {
  await world?.browser?.close();
  await world?.app?.close();
  await world?.server?.close();
  world?.api?.close();
}

/** A clock only the test moves, so the world is still while the test compares. */
export function manualClock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/**
 * Records the sequence id of every `event: upsert` frame the page's code receives, by
 * teeing the stream response (test instrumentation only; the app is unchanged).
 */
const recordStreamFrames = () => {
  const seqs: number[] = [];
  (window as unknown as { __streamSeqs: number[] }).__streamSeqs = seqs;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/events/stream') || !res.body) return res;
    const [forApp, forTest] = res.body.tee();
    void (async () => {
      const reader = forTest.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const id = /^id: (\d+)$/m.exec(frame);
            if (/^event: upsert$/m.test(frame) && id) seqs.push(Number(id[1]));
          }
        }
      } catch {
        // the connection broke: the app reconnects, and so does this record
      }
    })();
    return new Response(forApp, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
};

export async function openConsole(
  page: Page,
  appUrl: string,
  apiUrl: string,
  mode: 'wall' | 'operator',
  token: string | null,
  layers?: string,
  timeout = 60_000,
): Promise<void> {
  await page.addInitScript(recordStreamFrames);
  await withConfig(page, { apiBaseUrl: apiUrl, apiToken: token, embeddedMock: { enabled: false }, basemap });
  await page.goto(`${appUrl}?mode=${mode}&lang=zh-CN&theme=dark${layers ? `&layers=${layers}` : ''}`);
  await waitLive(page, timeout);
}

export async function waitLive(page: Page, timeout = 30_000): Promise<void> {
  const status = page.getByRole('status', { name: '事件流' });
  await status
    .filter({ hasText: /^实时$/ })
    .waitFor({ timeout })
    .catch(async () => {
      const text = await status.textContent({ timeout: 1000 }).catch(() => null);
      throw new Error(`event stream not live after ${timeout} ms: "${text}"`);
    });
}

export const streamSeqs = (page: Page) =>
  page.evaluate(() => (window as unknown as { __streamSeqs: number[] }).__streamSeqs.slice());

/** The row of an event in a page's feed (rendered only while it is in view). */
export const row = (page: Page, id: string) =>
  page.getByRole('list', { name: '事件列表' }).locator(`[data-event-id="${id}"]`);

export async function inject(apiOrigin: string, body: Record<string, unknown>): Promise<IocEvent> {
  const res = await fetch(`${apiOrigin}/__mock/events`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as IocEvent;
}

export async function postAction(
  apiUrl: string,
  token: string,
  id: string,
  body: { action: string; toRegionId?: string },
): Promise<Response> {
  return fetch(`${apiUrl}/events/${id}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientActionId: `e2e-${body.action}-${id}-${Math.random()}`, ...body }),
  });
}

/** An event in Pinghu that the district has dispatched and claimed: the street may resolve it. */
export async function handlingInPinghu(apiOrigin: string, apiUrl: string, title: string): Promise<IocEvent> {
  // A far deadline keeps the simulated city from resolving it before the operator does.
  const dueAt = new Date(Date.now() + 60 * 86_400_000).toISOString();
  const ev = await inject(apiOrigin, { regionId: PINGHU, title, severity: 3, dueAt });
  expect(
    (await postAction(apiUrl, 'district-demo', ev.id, { action: 'dispatch', toRegionId: PINGHU })).status,
  ).toBe(200);
  expect((await postAction(apiUrl, 'district-demo', ev.id, { action: 'claim' })).status).toBe(200);
  return ev;
}

/** Every event the API has in a status set, paging to the end. */
export async function listAll(apiUrl: string, query: string, token?: string): Promise<IocEvent[]> {
  const out: IocEvent[] = [];
  let cursor = '';
  do {
    const res = await fetch(`${apiUrl}/events?${query}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const page = (await res.json()) as { items: IocEvent[]; nextCursor: string | null };
    out.push(...page.items);
    cursor = page.nextCursor ?? '';
  } while (cursor);
  return out;
}

/** Drives the simulated city forward in real time: `every` ms, `step` ms of city time. */
export function pump(api: Api, clock: ReturnType<typeof manualClock>, step = 5000, every = 100) {
  const timer = setInterval(() => {
    clock.advance(step);
    api.simulator.tick();
  }, every);
  return () => clearInterval(timer);
}
