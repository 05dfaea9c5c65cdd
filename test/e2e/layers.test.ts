/**
 * The thematic layers in a real browser: each one, turned on from its checkbox, draws
 * where its data lies and nowhere else, and disappears when turned off; the catalog shows
 * docs/DATA.md's counts; the detail drawer shows a feature's fields.
 */
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedAt } from './diff';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT, watchPage } from './harness';
import { decodePng, project } from './pixels';
import { MAP_NAME, mapSize, openApp, screenshotMap, settle } from './steps';

const camera = { center: [114.19, 22.69] as [number, number], zoom: 10.4 };
type FC = {
  features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
};

/** Every vertex of every feature, on the WGS84 basemap. */
function positions(fc: FC): [number, number][] {
  const out: [number, number][] = [];
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number')
      out.push(gcoord.transform(c as [number, number], gcoord.GCJ02, gcoord.WGS84) as [number, number]);
    else for (const x of c as unknown[]) walk(x);
  };
  for (const f of fc.features) walk(f.geometry.coordinates);
  return out;
}

async function toggle(page: Page, name: string, on: boolean): Promise<void> {
  const box = page.getByRole('checkbox', { name, exact: true });
  if (on) await box.check();
  else await box.uncheck();
  // The row says "加载中…" while its data loads (cached data shows at once).
  await expect
    .poll(() => page.getByRole('listitem', { name, exact: true }).getByText('加载中…').count())
    .toBe(0);
  await settle(page);
}

/** Where the legend over the map begins (its top left, in map pixels), while it shows. */
async function legendBox(page: Page): Promise<{ x: number; y: number } | null> {
  const [map, legend] = await Promise.all([
    page.getByRole('region', { name: MAP_NAME }).boundingBox(),
    page
      .getByRole('region', { name: '图例' })
      .boundingBox({ timeout: 5000 })
      .catch(() => null),
  ]);
  return map && legend ? { x: legend.x - map.x - 4, y: legend.y - map.y - 4 } : null;
}

const LAYERS = [
  { id: '5g-stations', name: '5G基站', count: '10,346' },
  { id: 'kiosks', name: '24小时政务服务自助区', count: '66' },
  { id: 'kindergarten-cameras', name: '幼儿园视频监控', count: '488' },
  { id: 'demolition', name: '拆除范围', count: '503' },
  { id: 'medical', name: '医疗资源', count: undefined },
  { id: 'urban-villages', name: '城中村', count: '499' },
];

describe.skipIf(!browserAvailable())('thematic layers', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
    page = await browser.newPage({ viewport: VIEWPORT });
    watch = watchPage(page);
    await openApp(
      page,
      `${app.url}?mode=planner&layers=admin-boundaries&c=${camera.center.join(',')},${camera.zoom}`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows each layer's feature count as docs/DATA.md gives it, and 8,084 macro stations through the filter", async () => {
    for (const layer of LAYERS.filter((l) => l.count)) {
      const row = page.getByRole('listitem', { name: layer.name, exact: true });
      expect(await row.textContent()).toContain(`${layer.count} 个`);
    }
    await toggle(page, '5G基站', true);
    await page.getByRole('group', { name: '5G基站 筛选' }).getByRole('checkbox', { name: '宏站' }).check();
    await expect
      .poll(() => page.getByRole('listitem', { name: '5G基站', exact: true }).textContent())
      .toContain('显示 8,084 / 共 10,346 个');
    await page.getByRole('group', { name: '5G基站 筛选' }).getByRole('checkbox', { name: '宏站' }).uncheck();
    await toggle(page, '5G基站', false);
  });

  for (const layer of LAYERS) {
    it(`draws ${layer.id} where its data lies when turned on, and removes it when turned off`, async () => {
      const fc = (await page.evaluate(
        (id) => fetch(`api/v1/layers/${id}/features`).then((r) => r.json()),
        layer.id,
      )) as FC;
      const size = await mapSize(page);
      const pts = positions(fc)
        .map((p) => project(p, camera, size))
        .filter(([x, y]) => x > 380 && y > 5 && x < size.width - 5 && y < size.height - 5);
      expect(pts.length).toBeGreaterThan(20);
      const before = decodePng(await screenshotMap(page));
      await toggle(page, layer.name, true);
      const after = decodePng(await screenshotMap(page));
      // The legend over the map lists the new layer: that change is meant (checked elsewhere).
      const legend = await legendBox(page);
      const sample = pts.filter((_, i) => i % Math.ceil(pts.length / 400) === 0);
      const hit = sample.filter(([x, y]) => changedAt(before, after, x, y, 3)).length / sample.length;
      expect(hit, 'share of feature positions where the canvas changed').toBeGreaterThan(0.6);
      // Far from every feature (and right of the catalog) nothing moves.
      let far = 0;
      let farChanged = 0;
      for (let x = 400; x < size.width; x += 23) {
        for (let y = 5; y < size.height; y += 23) {
          if (pts.some(([px, py]) => Math.abs(px - x) < 45 && Math.abs(py - y) < 45)) continue;
          if (legend && x >= legend.x && y >= legend.y) continue;
          far++;
          if (changedAt(before, after, x, y, 0)) farChanged++;
        }
      }
      expect(far).toBeGreaterThan(100);
      expect(farChanged / far).toBeLessThan(0.03);
      await toggle(page, layer.name, false);
      const off = decodePng(await screenshotMap(page));
      const back = sample.filter(([x, y]) => changedAt(before, off, x, y, 1)).length / sample.length;
      expect(back, 'share still changed after turning the layer off').toBeLessThan(0.05);
    });
  }

  it('draws live events at their locations and the street frame where the streets are', async () => {
    const size = await mapSize(page);
    const inView = ([x, y]: [number, number]) =>
      x > 380 && y > 5 && x < size.width - 5 && y < size.height - 5;
    // The demo city is quiet at night: a few serious events reported now, at street centres
    // in view, so there are serious events to see whatever the hour of the run.
    const streetsNow = (await page.evaluate(() =>
      fetch('api/v1/regions?level=street').then((r) => r.json()),
    )) as FC;
    const centres = streetsNow.features
      .map((f) => ({ id: String(f.properties.id), at: f.properties.center as [number, number] }))
      .filter((c) =>
        inView(project(gcoord.transform(c.at, gcoord.GCJ02, gcoord.WGS84) as [number, number], camera, size)),
      )
      .slice(0, 3);
    expect(centres.length).toBe(3);
    await page.evaluate(
      (list) =>
        Promise.all(
          list.map((c) =>
            fetch('__mock/events', {
              method: 'POST',
              body: JSON.stringify({
                regionId: c.id,
                location: c.at,
                severity: 3,
                title: '夜间巡查发现的严重事件',
              }),
            }),
          ),
        ),
      centres,
    );
    await page.waitForTimeout(2000);
    const events = (await page.evaluate(() => fetch('api/v1/events?limit=1000').then((r) => r.json()))) as {
      items: { location: [number, number]; status: string; severity: number }[];
    };
    // At district zoom (this camera) serious open events are dots where they are, and the
    // minor ones are counted into hexagons where they gather (layers/kit/eventSituation.ts).
    const openAt = (keep: (severity: number) => boolean) =>
      events.items
        .filter((e) => e.status !== 'closed' && e.status !== 'resolved' && keep(e.severity))
        .map((e) =>
          project(gcoord.transform(e.location, gcoord.GCJ02, gcoord.WGS84) as [number, number], camera, size),
        )
        .filter(inView);
    // Points a panel floats over (the legend, the layer button) cannot show a dot: left out.
    const box = await page.getByRole('region', { name: MAP_NAME }).boundingBox();
    const uncovered = async (points: [number, number][]) => {
      const open = await page.evaluate(
        ({ points, x0, y0 }) =>
          points.map(([x, y]) => document.elementFromPoint(x0 + x, y0 + y)?.tagName === 'CANVAS'),
        { points, x0: box?.x ?? 0, y0: box?.y ?? 0 },
      );
      return points.filter((_, i) => open[i]);
    };
    const serious = await uncovered(openAt((s) => s >= 3));
    const minor = await uncovered(openAt((s) => s <= 2));
    expect(serious.length).toBeGreaterThanOrEqual(2);
    expect(minor.length).toBeGreaterThan(20);
    const before = decodePng(await screenshotMap(page));
    await toggle(page, '实时事件', true);
    const after = decodePng(await screenshotMap(page));
    const share = (points: [number, number][], radius: number) =>
      points.filter(([x, y]) => changedAt(before, after, x, y, radius)).length / points.length;
    // Few serious events are open at once: a share would hang on one or two that another
    // layer's symbol (a kiosk cluster's badge) covers. At most two may be hidden so.
    const seriousDrawn = serious.filter(([x, y]) => changedAt(before, after, x, y, 2)).length;
    expect(seriousDrawn, 'serious open events drawn').toBeGreaterThanOrEqual(1);
    expect(serious.length - seriousDrawn, 'serious open events not drawn').toBeLessThanOrEqual(2);
    // A hexagon covers the places where minor events gather; the sparsest are left out.
    expect(share(minor, 2), 'share of minor open events inside a drawn hexagon').toBeGreaterThan(0.2);
    await toggle(page, '实时事件', false);

    const streets = (await page.evaluate(() =>
      fetch('api/v1/regions?level=street').then((r) => r.json()),
    )) as FC;
    const labels = streets.features
      .map((f) =>
        project(
          gcoord.transform(f.properties.center as [number, number], gcoord.GCJ02, gcoord.WGS84) as [
            number,
            number,
          ],
          camera,
          size,
        ),
      )
      .filter(inView);
    const framed = decodePng(await screenshotMap(page));
    await toggle(page, '行政区划', false);
    const bare = decodePng(await screenshotMap(page));
    expect(labels.filter(([x, y]) => changedAt(framed, bare, x, y, 6)).length).toBe(labels.length);
    await toggle(page, '行政区划', true);
  });

  it('opens a feature in the detail drawer with its fields, labels and units', async () => {
    const fc = (await page.evaluate(() =>
      fetch('api/v1/layers/medical/features?kind=hospital').then((r) => r.json()),
    )) as FC;
    const hospital = fc.features[0]!;
    const [lng, lat] = gcoord.transform(
      hospital.geometry.coordinates as [number, number],
      gcoord.GCJ02,
      gcoord.WGS84,
    ) as [number, number];
    const near = await browser.newPage({ viewport: VIEWPORT });
    const c = { center: [lng, lat] as [number, number], zoom: 15 };
    await openApp(near, `${app.url}?mode=wall&layers=medical&c=${lng},${lat},15`);
    const size = await mapSize(near);
    const [x, y] = project([lng, lat], c, size);
    const box = await near.getByRole('region', { name: '龙岗区地图' }).boundingBox();
    await near.mouse.move(box!.x + x, box!.y + y);
    await expect
      .poll(() => near.locator('.deck-tooltip').textContent())
      .toContain(String(hospital.properties.name));
    await near.mouse.click(box!.x + x, box!.y + y);
    const drawer = near.getByRole('region', { name: String(hospital.properties.name) });
    await expect
      .poll(() => drawer.textContent())
      .toContain(`${Number(hospital.properties.beds).toLocaleString('zh-CN')} 张`);
    expect(await drawer.textContent()).toContain('床位');
    await near.close();
  });

  it('made no request to another host and logged no error', () => {
    expect(watch.outsideRequests([new URL(app.url).origin])).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
