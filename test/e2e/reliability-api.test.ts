/**
 * Reliability, part 1: the API answers badly. For each hostile answer on GET /kpis the KPI
 * panels say what is wrong in words, the rest of the app keeps working (the map draws,
 * the event stream stays live), nothing uncaught reaches the console, and once the fault
 * is switched off the panels show figures again without a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostileRule } from '../../mock-server/hostile';
import { HOSTILE_MARKUP, PWNED_FLAG } from '../../mock-server/hostile/transform';
import { inject, row } from './events-steps';
import { browserAvailable } from './harness';
import { kpiPanel, openWall, pwned, type Rig, startRig, uncaught } from './reliability-rig';

const PANEL = '5G 基站建设';
const ready = (page: Page) => page.locator('section.kpi-panel--ready').count();

const CASES: [string, HostileRule, RegExp][] = [
  ['a 500', { case: 'status', status: 500 }, /指标加载失败：数据接口暂时故障（500），正在自动重试/],
  ['a 503', { case: 'status', status: 503 }, /数据接口暂时故障（503）/],
  ['a 401', { case: 'status', status: 401 }, /登录凭证无效或已过期（401）/],
  ['a 403', { case: 'status', status: 403 }, /无权查看该区域的数据（403）/],
  ['a 404', { case: 'status', status: 404 }, /数据接口中没有该资源（404）/],
  ['malformed JSON', { case: 'malformed-json' }, /返回的内容无法解析/],
  ['truncated JSON', { case: 'truncated-json' }, /返回的内容无法解析/],
  ['fields of the wrong type', { case: 'wrong-types' }, /不符合约定/],
];

describe.skipIf(!browserAvailable())('reliability: hostile answers from the API', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  for (const [name, rule, wording] of CASES) {
    it(`says so for ${name} on the KPIs, keeps the rest working and recovers`, async () => {
      await rig.set({ ...rule, path: '^/kpis' });
      const { page, watch } = await openWall(rig);
      try {
        await expect.poll(() => kpiPanel(page, PANEL).textContent(), { timeout: 20_000 }).toMatch(wording);
        // The rest of the app: the stream is live, the street frame loaded, no script ran.
        await expect.poll(() => page.getByRole('status', { name: '事件流' }).textContent()).toBe('实时');
        // The header names the failing indicators rather than claiming all is well.
        await expect
          .poll(() => page.getByRole('status', { name: '数据接口' }).textContent())
          .toMatch(/部分数据异常.*加载失败：指标/);
        expect(
          await page.getByRole('list', { name: '事件列表' }).locator('[data-event-id]').count(),
        ).toBeGreaterThan(0);
        await rig.clear();
        await expect.poll(() => ready(page), { timeout: 20_000 }).toBeGreaterThan(3);
        expect(await kpiPanel(page, PANEL).textContent()).not.toMatch(wording);
        await expect
          .poll(() => page.getByRole('status', { name: '数据接口' }).textContent())
          .toContain('接口正常');
        expect(await pwned(page)).toBeNull();
        expect(uncaught(watch)).toEqual([]);
      } finally {
        await rig.clear();
        await page.close();
      }
    });
  }

  it('says the API is too slow after 15 s, and shows figures once it answers in time', async () => {
    await rig.set({ case: 'slow', delayMs: 30_000, path: '^/kpis' });
    const { page, watch } = await openWall(rig);
    try {
      await expect
        .poll(() => kpiPanel(page, PANEL).textContent(), { timeout: 30_000 })
        .toMatch(/数据接口响应超时，正在自动重试/);
      await expect.poll(() => page.getByRole('status', { name: '事件流' }).textContent()).toBe('实时');
      // A slow (not stalled) API: answers in 2 s are waited for.
      await rig.clear();
      await rig.set({ case: 'slow', delayMs: 2000, path: '^/kpis' });
      await expect.poll(() => ready(page), { timeout: 30_000 }).toBeGreaterThan(3);
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('keeps HTML, script and very long text as text everywhere', async () => {
    await rig.set({ case: 'hostile-text' });
    // Every text of every answer is long here: on a busy machine the wall takes a while.
    const { page, watch } = await openWall(
      rig,
      'admin-boundaries,medical,live-events',
      true,
      'wall',
      150_000,
    );
    try {
      const list = page.getByRole('list', { name: '事件列表' });
      await expect.poll(() => list.textContent(), { timeout: 60_000 }).toContain('<img src=x onerror=');
      await expect.poll(() => ready(page), { timeout: 60_000 }).toBeGreaterThan(3);
      // An event whose own description is markup: whichever way it arrives (the stream, or a
      // list page the injector rewrites), its detail shows the markup as text. Picked by its
      // id: the first row may be a live event without any.
      const ev = await inject(rig.origin, {
        title: '描述含脚本的事件',
        description: `井盖缺失${HOSTILE_MARKUP}`,
        severity: 4,
      });
      await expect.poll(() => row(page, ev.id).count(), { timeout: 60_000 }).toBe(1);
      await row(page, ev.id).click();
      const detail = page.getByRole('region', { name: '事件详情' });
      await expect
        .poll(() => detail.locator('.event-detail__description').textContent(), { timeout: 60_000 })
        .toContain(`<script>window.${PWNED_FLAG}='script'</script>`);
      expect(await detail.locator('script, img[src="x"], svg[onload]').count()).toBe(0);
      expect(await pwned(page)).toBeNull();
      expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  }, 240_000);
});
