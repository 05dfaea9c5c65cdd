/**
 * KPI panels and one scope, in a real browser: the district's figures equal docs/DATA.md; a
 * street clicked on the map scopes every panel to that street's figures; a bar clicked in a
 * ranking scopes the map (its outline drawn in the map's ink); a failing or malformed KPI answer
 * breaks only what depends on it.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../mock-server/node';
import type { KpiResponse, RegionCollection } from '@ioc/contract/contract';
import { kpi as messages } from '../../src/i18n/messages/kpi';
import { browserAvailable, launchBrowser, type Served, VIEWPORT, watchPage, withConfig } from './harness';
import { colorDistance, decodePng, distanceNear, hex, pixel, project } from './pixels';
import { edgeDistancePx, toWgs84Rings } from './geo';
import { MAP_NAME, mapSize, openApp, screenshotMap } from './steps';

const HOME = { center: [114.19, 22.69] as [number, number], zoom: 10.4 };
const PANELS = [
  '5G 基站建设',
  '12345 热线',
  '24 小时自助服务',
  '街道分中心建设',
  '医疗资源配置',
  '幼儿园安全监控',
  '城市更新拆除',
];
/** The scope outline: the map's ink, white on the dark theme (yellow would read as an event's severity). */
const SCOPE_INK: [number, number, number] = [255, 255, 255];
const zh = messages['zh-CN'] as Record<string, string>;
const zhNumber = (v: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(v);

/** The build under test: DIST_DIR when set (a private build), else dist/. */
async function serveBuild(): Promise<Served> {
  const server = await preview({
    logLevel: 'silent',
    build: { outDir: process.env.DIST_DIR ?? 'dist' },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

const kpiColumn = (page: Page) => page.getByRole('complementary', { name: '关键指标' });
const panel = (page: Page, name: string) => kpiColumn(page).getByRole('region', { name });

/** Tile name → indicator id, through the labels the app uses (kpi.ind.<id>). */
function idOfTile(name: string): string | undefined {
  return Object.keys(zh)
    .find((k) => k.startsWith('kpi.ind.') && zh[k] === name)
    ?.slice('kpi.ind.'.length);
}

/** Every KPI tile on screen, as [indicator id, text]. */
async function tilesOnScreen(page: Page): Promise<[string, string][]> {
  const groups = await kpiColumn(page).getByRole('group').all();
  const out: [string, string][] = [];
  for (const g of groups) {
    const name = (await g.getAttribute('aria-label')) ?? '';
    out.push([idOfTile(name) ?? name, (await g.textContent()) ?? '']);
  }
  return out;
}

/** Tiles whose text lacks the value or unit of the indicator in `body` (empty: all agree). */
async function tilesDisagreeing(page: Page, body: KpiResponse, only?: (id: string) => boolean) {
  const byId = new Map(body.indicators.map((i) => [i.id, i]));
  const wrong: string[] = [];
  for (const [id, text] of await tilesOnScreen(page)) {
    if (only && !only(id)) continue;
    const ind = byId.get(id);
    if (!ind || !text.includes(zhNumber(ind.value)) || !text.includes(ind.unit))
      wrong.push(`${id}: "${text}" vs ${ind?.value} ${ind?.unit}`);
  }
  return wrong;
}

/** Camera from the address bar once the map has moved away from `before` and settled (the URL follows the map). */
async function settledCamera(page: Page, before: string) {
  let last = before;
  await expect
    .poll(
      async () => {
        const c = new URL(page.url()).searchParams.get('c') ?? '';
        const same = c === last;
        last = c;
        return same && c !== before;
      },
      { timeout: 20_000, interval: 700 },
    )
    .toBe(true);
  const [lng, lat, zoom] = last.split(',').map(Number) as [number, number, number];
  return { center: [lng, lat] as [number, number], zoom };
}

/** Share of points along a street's outline where the map drew the scope outline. */
async function scopeAlongOutline(page: Page, streets: RegionCollection, id: string, cameraBefore: string) {
  const camera = await settledCamera(page, cameraBefore);
  const size = await mapSize(page);
  const img = decodePng(await screenshotMap(page));
  const index = streets.features.findIndex((f) => f.properties.id === id);
  const all = toWgs84Rings(streets);
  const rings = all[index]!;
  const others = all.filter((_, i) => i !== index);
  const near = (x: number, y: number) => distanceNear(img, x, y, SCOPE_INK) < 60;
  const sample = (polys: number[][][][], skip: (p: [number, number]) => boolean) => {
    let seen = 0;
    let inked = 0;
    for (const ring of polys.flat()) {
      for (let i = 1; i < ring.length; i++) {
        const a = project(ring[i - 1] as [number, number], camera, size);
        const b = project(ring[i] as [number, number], camera, size);
        const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 6);
        for (let s = 0; s < steps; s++) {
          const p: [number, number] = [
            a[0] + ((b[0] - a[0]) * s) / steps,
            a[1] + ((b[1] - a[1]) * s) / steps,
          ];
          if (p[0] < 4 || p[1] < 4 || p[0] > size.width - 4 || p[1] > size.height - 4 || skip(p)) continue;
          seen++;
          if (near(p[0], p[1])) inked++;
        }
      }
    }
    return seen > 0 ? inked / seen : 0;
  };
  return {
    scoped: sample([rings], () => false),
    // Edges of the other streets, away from the scoped one's outline.
    others: sample(others, (p) => edgeDistancePx(p, [rings], camera, size) < 10),
  };
}

/** A spot of the street on the map canvas: near its centre, where nothing else is on top of it. */
async function streetPixel(page: Page, street: RegionCollection['features'][number]) {
  const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
  const [x, y] = project(street.properties.center!, HOME, box);
  for (let r = 0; r <= 80; r += 6) {
    for (let a = 0; a < 360; a += r === 0 ? 360 : 30) {
      const px = x + r * Math.cos((a * Math.PI) / 180);
      const py = y + r * Math.sin((a * Math.PI) / 180);
      await page.mouse.move(box.x + px, box.y + py);
      // The map picks once the pointer rests (src/map/pickOnRest.ts): the street's tooltip
      // shows if the street is what lies under the pointer here.
      const named = await page
        .locator('.deck-tooltip')
        .filter({ hasText: new RegExp(`^\\s*${street.properties.name}`) })
        .waitFor({ timeout: 800 })
        .then(() => true)
        .catch(() => false);
      if (named) return [box.x + px, box.y + py] as const;
    }
  }
  throw new Error(`no free spot of ${street.properties.name} near its centre`);
}

/** Centre y of each bar of a horizontal bar chart, top to bottom, found in its own pixels. */
async function barRows(page: Page, chartName: string, color: string) {
  const chart = kpiColumn(page).getByRole('img', { name: chartName });
  const box = (await chart.boundingBox())!;
  const img = decodePng(await chart.screenshot());
  const barColor = hex(color);
  // A column a little right of where bars start: every bar of a ranking reaches it.
  const runs: number[] = [];
  let start = -1;
  const x = Math.round(img.width * 0.4);
  for (let y = 0; y <= img.height; y++) {
    const on = y < img.height && colorDistance(pixel(img, x, y), barColor) < 40;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      if (y - start >= 4) runs.push((start + y) / 2);
      start = -1;
    }
  }
  return { box, x, rows: runs, img };
}

describe.skipIf(!browserAvailable())('KPI panels and one scope', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let streets: RegionCollection;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveBuild()]);
    page = await browser.newPage({ viewport: VIEWPORT });
    watch = watchPage(page);
    await openApp(page, `${app.url}?c=${HOME.center.join(',')},${HOME.zoom}&theme=dark`);
    streets = (await page.evaluate(() =>
      fetch('api/v1/regions?level=street').then((r) => r.json()),
    )) as RegionCollection;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows docs/DATA.md's district figures, 103.63 % and 113.21 %, and draws its charts", async () => {
    const completion = panel(page, '5G 基站建设').getByRole('group', { name: '5G 建设完成率' });
    await expect.poll(() => completion.textContent(), { timeout: 30_000 }).toMatch(/103\.63\s*%/);
    const macro = panel(page, '5G 基站建设').getByRole('group', { name: '宏站完成率' });
    expect(await macro.textContent()).toMatch(/113\.21\s*%/);
    const built = await panel(page, '5G 基站建设').getByRole('group', { name: '已建基站' }).textContent();
    expect(built).toContain('10,346');
    expect(built).toContain('9,984');
    const body = (await page.evaluate(() => fetch('api/v1/kpis').then((r) => r.json()))) as KpiResponse;
    // Layer figures are fixed by the seed; live hotline figures are checked per response below.
    expect(await tilesDisagreeing(page, body, (id) => !id.startsWith('hotline.'))).toEqual([]);
    for (const name of PANELS) expect(await panel(page, name).textContent()).toMatch(/截至 \d\d:\d\d/);

    // The ranking really draws: its canvas holds bars in the first series colour, one per
    // street once the bars' entry animation has run.
    await expect
      .poll(async () => (await barRows(page, '各街道 5G 任务完成率', '#56B4E9')).rows.length, {
        timeout: 10_000,
      })
      .toBe(11);
    expect(watch.consoleErrors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  });

  it("picks a street on the map: every panel shows that street's figures and the URL carries it", async () => {
    const street = streets.features.find((f) => f.properties.id === '440307007')!; // 园山
    const id = street.properties.id;
    const [x, y] = await streetPixel(page, street);
    const answer = page.waitForResponse((r) => r.url().includes(`/kpis?region=${id}`) && r.ok());
    await page.mouse.click(x, y);
    const served = (await (await answer).json()) as KpiResponse;

    await expect.poll(() => new URL(page.url()).searchParams.get('scope'), { timeout: 10_000 }).toBe(id);
    const crumbs = kpiColumn(page).getByRole('navigation', { name: '当前范围' });
    await expect
      .poll(() => crumbs.getByRole('button', { name: street.properties.name }).getAttribute('aria-current'))
      .toBe('location');
    await expect.poll(() => tilesDisagreeing(page, served), { timeout: 15_000 }).toEqual([]);
    expect((await tilesOnScreen(page)).length).toBeGreaterThanOrEqual(20);
    for (const name of PANELS)
      expect((await panel(page, name).getByRole('group').count()) > 0, name).toBe(true);
    // And against the API asked now, for the figures that do not move with live events.
    const fresh = (await page.evaluate(
      (region) => fetch(`api/v1/kpis?region=${region}`).then((r) => r.json()),
      id,
    )) as KpiResponse;
    expect(await tilesDisagreeing(page, fresh, (i) => !i.startsWith('hotline.'))).toEqual([]);
    // The rankings now list the street's communities by name.
    const table = kpiColumn(page).getByRole('table', { name: '各社区 5G 任务完成率' });
    expect(await table.getByRole('row').count()).toBe(
      1 + (served.indicators.find((i) => i.id === '5g.completion')!.breakdown?.length ?? 0),
    );
    expect(await table.textContent()).toContain('园山第一社区');
  });

  it('picks a bar in a ranking: the scope, the breadcrumb and the map outline follow', async () => {
    await kpiColumn(page)
      .getByRole('navigation', { name: '当前范围' })
      .getByRole('button', { name: '龙岗区' })
      .click();
    await expect.poll(() => new URL(page.url()).searchParams.get('scope')).toBeNull();
    const chartName = '各街道 5G 任务完成率';
    await kpiColumn(page).getByRole('img', { name: chartName }).waitFor();
    await expect
      .poll(async () => (await barRows(page, chartName, '#56B4E9')).rows.length, { timeout: 10_000 })
      .toBe(11);
    const { box, x, rows } = await barRows(page, chartName, '#56B4E9');
    expect(rows).toHaveLength(11);
    // Which street the third bar is: the chart's table lists the bars in the same order.
    const third = (await kpiColumn(page)
      .getByRole('table', { name: chartName })
      .getByRole('row')
      .nth(3)
      .textContent())!;
    const target = streets.features.find((f) => third.includes(f.properties.name))!;
    const cameraBefore = new URL(page.url()).searchParams.get('c') ?? '';
    await page.mouse.click(box.x + x, box.y + rows[2]!);

    await expect.poll(() => new URL(page.url()).searchParams.get('scope')).toBe(target.properties.id);
    const crumbs = kpiColumn(page).getByRole('navigation', { name: '当前范围' });
    expect(
      await crumbs.getByRole('button', { name: target.properties.name }).getAttribute('aria-current'),
    ).toBe('location');
    const outline = await scopeAlongOutline(page, streets, target.properties.id, cameraBefore);
    expect(outline.scoped).toBeGreaterThan(0.6);
    expect(outline.others).toBeLessThan(0.15);
  });
});

describe.skipIf(!browserAvailable())('KPI panels when the KPI answer fails', () => {
  let browser: Browser;
  let app: Served;
  let api: Awaited<ReturnType<typeof startNodeServer>>;
  const basemap = { type: 'style', url: 'basemap/style-dark.json', lightUrl: 'basemap/style-light.json' };

  beforeAll(async () => {
    // The Node mock, so page.route sees the API requests (the embedded mock answers inside the page).
    [browser, app, api] = await Promise.all([
      launchBrowser(),
      serveBuild(),
      startNodeServer({ port: 0, host: '127.0.0.1' }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await api?.close();
  });

  async function open(route: Parameters<Page['route']>[1]) {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await withConfig(page, {
      apiBaseUrl: `${new URL(api.url).origin}/api/v1`,
      embeddedMock: { enabled: false },
      basemap,
    });
    await page.route('**/api/v1/kpis*', route);
    await openApp(page, `${app.url}?c=${HOME.center.join(',')},${HOME.zoom}&theme=dark`);
    return page;
  }

  it('with /kpis answering 500, each KPI panel says so and the map and header keep working', {
    timeout: 180_000,
  }, async () => {
    const page = await open((route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ error: { code: 'internal', message: 'kpi store down' } }),
      }),
    );
    for (const name of PANELS)
      await expect
        .poll(() => panel(page, name).textContent(), { timeout: 45_000 })
        .toContain('数据接口暂时故障（500）');
    // The header says the API answers but the indicators fail, rather than that all is well.
    await expect
      .poll(() => page.getByRole('status', { name: '数据接口' }).textContent(), { timeout: 45_000 })
      .toMatch(/部分数据异常.*加载失败：指标/);
    // The map still draws its streets: the label of each lies on bright text pixels.
    const img = decodePng(await screenshotMap(page));
    const size = await mapSize(page);
    const streets = (await (await fetch(`${api.url}/regions?level=street`)).json()) as RegionCollection;
    const lit = streets.features.filter((f) => {
      const [x, y] = project(f.properties.center!, HOME, size);
      let bright = 0;
      for (let dx = -30; dx <= 30; dx++)
        for (let dy = -10; dy <= 10; dy++) if (pixel(img, x + dx, y + dy).every((c) => c > 180)) bright++;
      return bright > 15;
    });
    expect(lit.length).toBeGreaterThanOrEqual(9);
    expect(await kpiColumn(page).getByRole('group').count()).toBe(0);
    await page.close();
  });

  it('with one indicator corrupted, only its panel shows an error', async () => {
    const page = await open(async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { indicators: Record<string, unknown>[] };
      const bad = body.indicators.find((i) => i.id === '5g.completion')!;
      bad.value = 'n/a';
      await route.fulfill({ response, json: body });
    });
    await expect
      .poll(() => panel(page, '5G 基站建设').textContent(), { timeout: 20_000 })
      .toContain('指标“5g.completion”的数据不符合约定');
    expect(await panel(page, '5G 基站建设').getByRole('group').count()).toBe(0);
    for (const name of PANELS.filter((n) => n !== '5G 基站建设')) {
      await expect
        .poll(() => panel(page, name).getByRole('group').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(await panel(page, name).textContent()).not.toContain('不符合约定');
    }
    await page.close();
  });
});
