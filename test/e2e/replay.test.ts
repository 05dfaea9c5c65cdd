/**
 * The time machine in a real browser, on the embedded demo: a link to a moment yesterday
 * opens the replay there (banner, feed as of then, actions off, the map drawn), the address
 * keeps the moment, and 回到实时 returns to the live picture.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIso } from '@ioc/domain/time';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT, watchPage } from './harness';
import { colours, decodePng } from './pixels';
import { openApp, screenshotMap } from './steps';

/** A moment yesterday, on a whole minute (as a person would type it). */
const AT = Math.floor((Date.now() - 20 * 3600_000) / 60_000) * 60_000;
const AT_ISO = formatIso(AT);

describe.skipIf(!browserAvailable())('replay', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  const banner = () => page.getByRole('region', { name: '回放状态' });

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
    page = await browser.newPage({ viewport: VIEWPORT });
    watch = watchPage(page);
    await openApp(page, `${app.url}?layers=admin-boundaries,live-events&t=${encodeURIComponent(AT_ISO)}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a link to a moment opens the replay there, under a banner, and the address keeps it', async () => {
    await expect.poll(() => banner().textContent(), { timeout: 30_000 }).toContain('回放');
    const shown = await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat('zh-CN', {
          timeZone: 'Asia/Shanghai',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(new Date(at)),
      AT,
    );
    expect(await banner().textContent()).toContain(`回放 ${shown}`);
    await expect.poll(() => new URL(page.url()).searchParams.get('t'), { timeout: 10_000 }).toBe(AT_ISO);
  });

  it('the feed shows the events as they were then: the newest is the API’s newest as of then', async () => {
    const newest = (await page.evaluate(
      (at) => fetch(`api/v1/events?asOf=${encodeURIComponent(at)}&limit=1`).then((r) => r.json()),
      AT_ISO,
    )) as { items: { id: string; updatedAt: string }[] };
    const first = newest.items[0];
    expect(first, 'the demo holds events yesterday').toBeDefined();
    expect(Date.parse(first!.updatedAt)).toBeLessThanOrEqual(AT);
    await page.getByRole('heading', { name: '回放时刻的事件' }).waitFor();
    await expect
      .poll(() => page.locator('.event-row').first().getAttribute('data-event-id'), { timeout: 30_000 })
      .toBe(first!.id);
  });

  it('actions are off and say why', async () => {
    const waiting = page.locator('.event-row', { hasText: '待派发' }).first();
    await ((await waiting.count()) > 0 ? waiting : page.locator('.event-row').first()).click();
    const actions = page.getByRole('region', { name: '事件详情' }).getByRole('region', { name: '处置' });
    const buttons = actions.getByRole('button');
    await expect.poll(() => buttons.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const b of await buttons.all()) {
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('title')).toBe('回放中不可操作');
    }
  });

  it('draws the map of that moment, its events in their warm severity colours', async () => {
    const png = await screenshotMap(page);
    expect(colours(png), 'colours on the map').toBeGreaterThan(20);
    // The same moment without the event layer: the basemap and the frame are blues and greys.
    const bare = await browser.newPage({ viewport: VIEWPORT });
    await openApp(bare, `${app.url}?layers=admin-boundaries&t=${encodeURIComponent(AT_ISO)}`);
    const without = warmPixels(await screenshotMap(bare));
    await bare.close();
    const withEvents = warmPixels(png);
    expect(withEvents, `event dots on the map (${without} warm pixels without them)`).toBeGreaterThan(
      4 * without + 50,
    );
  }, 120_000);

  it('the emergency focus shows its incident as it was at that moment, not as it is now', async () => {
    // A page of its own: each page's embedded demo is a world of its own.
    const focus = await browser.newPage({ viewport: VIEWPORT });
    await openApp(focus, `${app.url}?mode=wall&emergency=1&t=${encodeURIComponent(AT_ISO)}`);
    const statusNow = (id: string) =>
      focus.evaluate(
        (i) =>
          fetch(`api/v1/events/${encodeURIComponent(i)}`).then(
            (r) => r.json() as Promise<{ status: string }>,
          ),
        id,
      );
    // An event the replayed feed shows waiting that has moved on since (the demo's city
    // works through the day): chosen, the focus must show it as it was.
    const waiting = focus.locator('.event-row', { hasText: '待派发' });
    await expect.poll(() => waiting.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    let chosen: { id: string; now: string } | undefined;
    for (const row of (await waiting.all()).slice(0, 12)) {
      const id = (await row.getAttribute('data-event-id')) ?? '';
      const { status } = await statusNow(id);
      if (status !== 'reported') {
        chosen = { id, now: STATUS[status] ?? status };
        await row.click();
        break;
      }
    }
    expect(chosen, 'an event waiting then and handled since').toBeDefined();
    const card = focus.getByRole('region', { name: '事件聚焦' }).locator(`[data-event-id="${chosen!.id}"]`);
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('待派发');
    expect(await card.textContent()).not.toContain(chosen!.now);
    await focus.close();
  }, 120_000);

  it('回到实时 returns to the live picture', async () => {
    // Exact: a critical event arriving meanwhile adds "N 条新的特别严重事件 · 回到实时" beside it.
    await banner().getByRole('button', { name: '回到实时', exact: true }).click();
    await expect.poll(() => banner().count()).toBe(0);
    // The feed is titled live again (the legend's layer bears the same name).
    await expect.poll(() => page.locator('#event-feed-title').textContent()).toBe('实时事件');
    await expect.poll(() => new URL(page.url()).searchParams.get('t'), { timeout: 10_000 }).toBeNull();
    expect(watch.consoleErrors).toEqual([]);
  });
});

const STATUS: Record<string, string> = {
  reported: '待派发',
  dispatched: '已派发',
  handling: '处置中',
  resolved: '已办结',
  closed: '已结案',
};

/** Pixels in the events' warm severity hues (yellow to red): none of the basemap's. */
function warmPixels(png: Buffer): number {
  const img = decodePng(png);
  let warm = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    if (r > 180 && g > 100 && b < 100 && r > b + 100) warm++;
  }
  return warm;
}
