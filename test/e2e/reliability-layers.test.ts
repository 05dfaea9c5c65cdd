/**
 * Reliability, part 3: hostile layer data. GeoJSON with NaN, null, swapped and
 * out-of-range coordinates and unknown geometry types: the bad features are skipped and
 * counted in the catalog, the good ones drawn. A 20 MB feature collection: the app does not
 * freeze; the layer loads or says why, and the other panels keep working. A layer that
 * fails outright says so in words and recovers when the API does.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from './harness';
import { openWall, pwned, type Rig, startRig, uncaught } from './reliability-rig';

const LAYER = '医疗资源';
const layerRow = (page: Page) => page.getByRole('listitem', { name: LAYER, exact: true });
const openCatalog = (page: Page) => page.getByRole('button', { name: '图层', exact: true }).click();

describe.skipIf(!browserAvailable())('reliability: hostile layer data', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('skips and counts features with broken coordinates, and draws the rest', async () => {
    await rig.set({ case: 'bad-coordinates', path: '^/layers/medical/features' });
    const { page, watch } = await openWall(rig, 'admin-boundaries,medical,live-events', true, 'operator');
    try {
      await openCatalog(page);
      await expect
        .poll(() => layerRow(page).textContent(), { timeout: 30_000 })
        .toMatch(/已跳过 \d+ 个不合规要素/);
      const text = (await layerRow(page).textContent()) ?? '';
      const skipped = Number(/已跳过 (\d+)/.exec(text)?.[1]);
      expect(skipped).toBeGreaterThan(0);
      expect(await page.locator('section.kpi-panel--ready').count()).toBeGreaterThan(3);
      expect(await page.getByRole('status', { name: '事件流' }).textContent()).toBe('实时');
      await rig.clear();
      // The next refresh brings clean data: the warning goes away without a reload.
      await expect.poll(() => layerRow(page).textContent(), { timeout: 30_000 }).not.toMatch(/已跳过/);
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('says in words why a layer failed, and shows it once the API answers', async () => {
    await rig.set({ case: 'status', status: 500, path: '^/layers/medical/features' });
    const { page, watch } = await openWall(rig, 'admin-boundaries,medical,live-events', true, 'operator');
    try {
      await openCatalog(page);
      await expect
        .poll(() => layerRow(page).getByRole('alert').textContent(), { timeout: 30_000 })
        .toContain('数据接口暂时故障（500），正在自动重试');
      // The header does not claim all is well: it names the layer whose data fails.
      const api = page.getByRole('status', { name: '数据接口' });
      expect(await api.textContent()).toMatch(/部分数据异常.*加载失败：医疗资源/);
      // So does the map's legend, which still lists the layer's classes.
      const legend = page.getByRole('region', { name: '图例' });
      expect(await legend.textContent()).toContain('医疗资源加载失败');
      await rig.clear();
      await expect.poll(() => layerRow(page).getByRole('alert').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => api.textContent(), { timeout: 10_000 }).toContain('接口正常');
      expect(await legend.textContent()).not.toContain('加载失败');
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('a layer drawn from tiles whose tiles fail says so, in its row and the header, and comes back by itself', async () => {
    await rig.set({ case: 'status', status: 503, path: '^/layers/5g-stations/tiles/' });
    // The stations come as tiles above 1,000 features (the demo has 10,346).
    const tiled = { ...rig, config: { ...rig.config, tilesAboveFeatures: 1000 } };
    const { page, watch } = await openWall(
      tiled,
      'admin-boundaries,5g-stations,live-events',
      true,
      'operator',
    );
    try {
      await openCatalog(page);
      const row = page.getByRole('listitem', { name: '5G基站', exact: true });
      const api = page.getByRole('status', { name: '数据接口' });
      // deck.gl counts a failed tile as loaded: the row must not read as drawn.
      await expect
        .poll(() => row.getByRole('alert').textContent(), { timeout: 30_000 })
        .toContain('数据接口暂时故障（503）');
      // deck.gl asks for the tiles, not a query the header could see: the layer tells it.
      await expect.poll(() => api.textContent()).toMatch(/部分数据异常.*加载失败：5G基站/);
      const tilesBefore = watch.requests.filter((u) => u.includes('/layers/5g-stations/tiles/')).length;
      await rig.clear();
      // Asked again on the backoff, without a pan: the row and the header are clear again.
      await expect.poll(() => row.getByRole('alert').count(), { timeout: 40_000 }).toBe(0);
      await expect.poll(() => api.textContent(), { timeout: 10_000 }).toContain('接口正常');
      const tilesAfter = watch.requests.filter((u) => u.includes('/layers/5g-stations/tiles/')).length;
      expect(tilesAfter).toBeGreaterThan(tilesBefore);
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('survives a 20 MB feature collection', async () => {
    await rig.set({ case: 'huge', bytes: 20_000_000, path: '^/layers/medical/features' });
    const { page, watch } = await openWall(rig, 'admin-boundaries,medical,live-events', true, 'operator');
    try {
      await openCatalog(page);
      // Loaded (its count shown) or a sentence why: either way the row settles.
      await expect
        .poll(
          async () => {
            const row = layerRow(page);
            return (await row.getByRole('status').count()) === 0 && (await row.textContent())!.length > 0;
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      // The rest keeps working: the stream is live and the KPI panels show figures.
      await expect
        .poll(() => page.getByRole('status', { name: '事件流' }).textContent(), { timeout: 30_000 })
        .toBe('实时');
      expect(await page.locator('section.kpi-panel--ready').count()).toBeGreaterThan(3);
      expect(await pwned(page)).toBeNull();
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });
});
