/**
 * Reliability, part 2: the event stream misbehaves and the API disappears. Garbage frames
 * are dropped and counted in the stream status; duplicated, replayed and out-of-order
 * frames show each event once; a stalled stream is detected and recovers; and when the API
 * is gone and comes back the app heals by itself, and an action queued meanwhile is
 * applied exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKOFF } from '../../src/api/backoff';
import { browserAvailable, watchPage } from './harness';
import { handlingInPinghu, inject, OPERATOR_TOKEN, openConsole, row, waitLive } from './events-steps';
import { openWall, pwned, type Rig, startRig, uncaught } from './reliability-rig';
import { pageTimePasses } from './steps';

const streamStatus = (page: import('playwright-core').Page) => page.getByRole('status', { name: '事件流' });

/** How long the API stays away: minutes, as a real outage does. */
const OUTAGE_MS = 120_000;
/**
 * How long a condition of the outage test may take to show on a busy two-core machine:
 * conditions are waited for, not timed (the app's own waits are seconds; the stream's
 * longest backoff, BACKOFF.maxMs, is added where one can be under way).
 */
const BUSY_MS = 60_000;

describe.skipIf(!browserAvailable())('reliability: a hostile event stream and an outage', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('drops garbage frames, says how many, and keeps showing events', async () => {
    await rig.set({ case: 'stream-garbage' });
    const { page, watch } = await openWall(rig, 'admin-boundaries,live-events', false);
    try {
      await expect
        .poll(() => streamStatus(page).textContent(), { timeout: 60_000 })
        .toMatch(/^实时已丢弃 \d+ 条无法识别的事件消息$/);
      const ev = await inject(rig.origin, { title: '垃圾帧之后的新事件', severity: 2 });
      await expect.poll(() => row(page, ev.id).count(), { timeout: 15_000 }).toBe(1);
      expect(await pwned(page)).toBeNull();
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('shows each event once when frames come twice, replayed and out of order', async () => {
    await rig.set({ case: 'stream-duplicates' });
    const { page, watch } = await openWall(rig);
    try {
      const injected = [];
      for (let i = 0; i < 4; i++)
        injected.push(await inject(rig.origin, { title: `重复帧测试 ${i}`, severity: 2 }));
      for (const ev of injected)
        await expect.poll(() => row(page, ev.id).count(), { timeout: 15_000 }).toBe(1);
      // Frames arrive in order: once a later event is shown, every copy and replay of the
      // earlier ones has been through the app.
      const later = await inject(rig.origin, { title: '重复帧测试 之后', severity: 2 });
      await expect.poll(() => row(page, later.id).count(), { timeout: 15_000 }).toBe(1);
      const ids = await page
        .getByRole('list', { name: '事件列表' })
        .locator('[data-event-id]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
      expect(ids.length).toBeGreaterThan(4);
      expect(new Set(ids).size).toBe(ids.length);
      expect(await streamStatus(page).textContent()).toBe('实时');
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('notices a stream that stalls and comes back live when it flows again', async () => {
    const { page, watch } = await openWall(rig);
    try {
      await rig.set({ case: 'stream-stall' });
      // Drop the live connection: every new one stalls (headers, then silence).
      await rig.stop();
      await rig.restart();
      await expect
        .poll(() => streamStatus(page).textContent(), { timeout: 20_000 })
        .toMatch(/重连中|数据停滞/);
      // It gives up on a stalled connection and tries another, which stalls too: never live.
      const tries = () => watch.requests.filter((u) => u.includes('/events/stream')).length;
      const tried = tries();
      await expect.poll(tries, { timeout: 30_000 }).toBeGreaterThan(tried);
      expect(await streamStatus(page).textContent()).not.toBe('实时');
      await rig.clear();
      await waitLive(page, 40_000);
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it(
    'heals by itself after the API disappears for minutes, and applies an action queued meanwhile once',
    async () => {
      const target = await handlingInPinghu(rig.origin, rig.apiUrl, '断网期间办结的事件');
      // The first wall of a fresh browser on a busy machine may take a minute or more to draw.
      const { page: wall, watch } = await openWall(rig, undefined, true, 'wall', 3 * BUSY_MS);
      const operator = await rig.browser.newPage({ viewport: { width: 1600, height: 900 } });
      const operatorWatch = watchPage(operator);
      let down = false;
      try {
        await openConsole(
          operator,
          rig.app.url,
          rig.apiUrl,
          'operator',
          OPERATOR_TOKEN,
          'admin-boundaries,live-events',
          3 * BUSY_MS,
        );
        await expect.poll(() => row(operator, target.id).count(), { timeout: BUSY_MS }).toBe(1);
        await row(operator, target.id).click();
        const detail = operator.getByRole('region', { name: '事件详情' });

        await rig.stop(); // the API is gone
        down = true;
        await expect
          .poll(() => streamStatus(wall).textContent(), { timeout: BUSY_MS })
          .toMatch(/重连中|数据停滞/);
        // KPI refreshes fail meanwhile: the panels keep their figures and say they are old.
        await expect
          .poll(() => wall.locator('section.kpi-panel--stale').count(), { timeout: BUSY_MS })
          .toBeGreaterThan(0);
        await detail.getByRole('button', { name: '办结' }).click();
        await expect.poll(() => detail.textContent(), { timeout: BUSY_MS }).toContain('办结（待同步）');
        // …and they say why, in words.
        await expect
          .poll(() => wall.locator('section.kpi-panel--stale [role="status"]').first().textContent(), {
            timeout: BUSY_MS,
          })
          .toContain('无法连接数据接口');
        // Minutes without the API, the retries backing off to their 30 s ceiling.
        await pageTimePasses(wall, OUTAGE_MS);
        expect(rig.api.store.get(target.id)?.status).toBe('handling');
        expect(await detail.textContent()).toContain('办结（待同步）');

        await rig.restart(); // the API is back
        down = false;
        // Healed by itself, without a reload: each stream is live again (at worst after its
        // longest backoff), the KPI panels are fresh, the queued action applied once.
        await Promise.all([
          waitLive(wall, BACKOFF.maxMs + BUSY_MS),
          waitLive(operator, BACKOFF.maxMs + BUSY_MS),
        ]);
        await expect
          .poll(() => wall.locator('section.kpi-panel--stale').count(), { timeout: BUSY_MS })
          .toBe(0);
        await expect.poll(() => rig.api.store.get(target.id)?.status, { timeout: BUSY_MS }).toBe('resolved');
        // The console has its answer: nothing is left to send again.
        await expect.poll(() => detail.textContent(), { timeout: BUSY_MS }).not.toContain('待同步');
        const history = rig.api.store.get(target.id)!.history;
        expect(history.filter((h) => h.action === 'resolve').map((h) => h.by)).toEqual([OPERATOR_TOKEN]);
        expect(uncaught(watch)).toEqual([]);
        expect(uncaught(operatorWatch)).toEqual([]);
      } finally {
        if (down) await rig.restart();
        await operator.close();
        await wall.close();
      }
    },
    OUTAGE_MS + 10 * BUSY_MS,
  );
});
