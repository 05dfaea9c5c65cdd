/**
 * The built app on the real server (server/, embedded PostgreSQL in a fresh data folder),
 * served by the server itself as `npm start` does, with its config.json (in-browser mock
 * off): layers are drawn where the database says they lie (one imported from a GIS file
 * too), the live feed follows the database, and a street console's dispatch and claim reach
 * the wall and are recorded in the database's history with the console's token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gcoord from 'gcoord';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from '../../mock-server/api';
import { readLayerFile } from '../../server/import/read';
import { importLayer } from '../../server/import/write';
import { type RunningServer, startServer } from '../../server/start';
import { newEvent } from '../server/fixtures';
import { changedAt } from './diff';
import { OPERATOR_TOKEN, openConsole, PINGHU, postAction, row, waitLive } from './events-steps';
import { browserAvailable, DIST_DIR, launchBrowser, VIEWPORT, watchPage } from './harness';
import { decodePng, project } from './pixels';
import { mapSize, openApp, screenshotMap, settle } from './steps';

const camera = { center: [114.19, 22.69] as [number, number], zoom: 10.4 };
const LAYERS = 'admin-boundaries,live-events';

describe.skipIf(!browserAvailable())('the app on the real server (embedded PostgreSQL)', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let apiUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-e2e-'));
    [server, browser] = await Promise.all([
      startServer({
        port: 0,
        host: '127.0.0.1',
        databaseUrl: undefined,
        dataDir,
        demo: true,
        seed: DEFAULT_SEED,
        eventRate: 0,
        heartbeatMs: 2000,
        pollMs: 100,
        staticDir: DIST_DIR,
      }),
      launchBrowser(),
    ]);
    apiUrl = `${server.url}/api/v1`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws the layers from the database where their features lie', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    await openApp(
      page,
      `${server.url}/?mode=planner&layers=admin-boundaries&c=${camera.center.join(',')},${camera.zoom}`,
    );
    const item = (name: string) => page.getByRole('listitem', { name, exact: true });
    expect(await item('5G基站').textContent()).toContain('10,346 个');
    for (const { id, name } of [
      { id: 'kindergarten-cameras', name: '幼儿园视频监控' },
      { id: 'demolition', name: '拆除范围' },
    ]) {
      const fc = (await page.evaluate(
        (l) => fetch(`api/v1/layers/${l}/features`).then((r) => r.json()),
        id,
      )) as {
        features: { geometry: { coordinates: unknown } }[];
      };
      const size = await mapSize(page);
      // Every vertex of every feature, as the layer tests of the mock do.
      const pts: [number, number][] = [];
      const walk = (c: unknown): void => {
        if (typeof (c as number[])[0] === 'number') {
          const p = gcoord.transform(c as [number, number], gcoord.GCJ02, gcoord.WGS84) as [number, number];
          pts.push(project(p, camera, size));
        } else for (const x of c as unknown[]) walk(x);
      };
      for (const f of fc.features) walk(f.geometry.coordinates);
      const inView = pts.filter(([x, y]) => x > 380 && y > 5 && x < size.width - 5 && y < size.height - 5);
      expect(inView.length).toBeGreaterThan(20);
      const before = decodePng(await screenshotMap(page));
      await page.getByRole('checkbox', { name, exact: true }).check();
      await expect.poll(() => item(name).getByText('加载中…').count()).toBe(0);
      await settle(page);
      const after = decodePng(await screenshotMap(page));
      const sample = inView.filter((_, i) => i % Math.ceil(inView.length / 400) === 0);
      const hit = sample.filter(([x, y]) => changedAt(before, after, x, y, 3)).length / sample.length;
      expect(hit, `share of ${id} positions where the canvas changed`).toBeGreaterThan(0.6);
      await page.getByRole('checkbox', { name, exact: true }).uncheck();
      await settle(page);
    }
    expect(watch.outsideRequests([new URL(server.url).origin])).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a layer imported from a GIS file is in the catalog and drawn where the file says', async () => {
    // A planner's GPS survey (WGS84) across the view; the server keeps it in GCJ-02.
    const points: [number, number][] = [];
    for (let i = 0; i < 8; i++) for (let j = 0; j < 5; j++) points.push([114.05 + i * 0.04, 22.6 + j * 0.04]);
    const path = join(dataDir, 'survey.geojson');
    writeFileSync(
      path,
      JSON.stringify({
        type: 'FeatureCollection',
        features: points.map((coordinates, i) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates },
          properties: { 名称: `点位${i + 1}`, 类型: i % 2 ? '井盖' : '路灯' },
        })),
      }),
    );
    const read = await readLayerFile(path, 'WGS84', '巡查点位');
    await importLayer(server.ctx.db, server.ctx.regions, {
      id: 'survey-points',
      title: '巡查点位',
      group: '导入图层',
      source: 'survey.geojson',
      geometry: read.geometry,
      fields: read.fields,
      features: read.features,
    });
    const page = await browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    await openApp(
      page,
      `${server.url}/?mode=planner&layers=admin-boundaries&c=${camera.center.join(',')},${camera.zoom}`,
    );
    const item = page.getByRole('listitem', { name: '巡查点位', exact: true });
    expect(await item.textContent()).toContain('40 个');
    const size = await mapSize(page);
    const inView = points
      .map((p) => project(p, camera, size))
      .filter(([x, y]) => x > 380 && y > 5 && x < size.width - 5 && y < size.height - 5);
    expect(inView.length).toBeGreaterThan(20);
    const before = decodePng(await screenshotMap(page));
    await page.getByRole('checkbox', { name: '巡查点位', exact: true }).check();
    await expect.poll(() => item.getByText('加载中…').count()).toBe(0);
    await settle(page);
    const after = decodePng(await screenshotMap(page));
    const hit = inView.filter(([x, y]) => changedAt(before, after, x, y, 3)).length / inView.length;
    expect(hit, 'share of surveyed points where the canvas changed').toBeGreaterThan(0.8);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it("a street console's dispatch and claim reach the wall and are recorded in the history", async () => {
    const wall = await browser.newPage({ viewport: VIEWPORT });
    const operator = await browser.newPage({ viewport: VIEWPORT });
    // The wall with the server's own config.json; the console bound to Pinghu by its token.
    await wall.goto(`${server.url}/?mode=wall&lang=zh-CN&layers=${LAYERS}`);
    await waitLive(wall, 60_000);
    await openConsole(operator, `${server.url}/`, apiUrl, 'operator', OPERATOR_TOKEN, LAYERS);

    // A new event arrives in the database (as an intake system would write it): the feed shows it.
    const ev = newEvent(`EV-e2e-${Date.now()}`, PINGHU);
    ev.title = '平湖街道井盖缺失（服务器联调）';
    await server.ctx.store.create(ev);
    await server.ctx.tail.wake();
    await expect.poll(() => row(wall, ev.id).count(), { timeout: 15_000 }).toBe(1);
    expect(
      (await postAction(apiUrl, 'district-demo', ev.id, { action: 'dispatch', toRegionId: PINGHU })).status,
    ).toBe(200);
    await expect.poll(() => row(operator, ev.id).count(), { timeout: 15_000 }).toBe(1);

    await row(operator, ev.id).click();
    await expect
      .poll(() => operator.getByRole('region', { name: '事件详情' }).textContent())
      .toContain(ev.title);
    await operator.keyboard.press('d');
    await expect
      .poll(async () => (await server.ctx.store.get([ev.id]))[0]?.assignee?.level, { timeout: 15_000 })
      .toBe('community');
    await operator.keyboard.press('c');
    await expect.poll(() => row(wall, ev.id).textContent(), { timeout: 15_000 }).toContain('处置中');

    const history = await server.ctx.db.query<{
      action: string;
      actor: string;
      client_action_id: string | null;
    }>('SELECT action, actor, client_action_id FROM event_history WHERE event_id = $1 ORDER BY id', [ev.id]);
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['report', 'grid'],
      ['dispatch', 'district-demo'],
      ['dispatch', OPERATOR_TOKEN],
      ['claim', OPERATOR_TOKEN],
    ]);
    expect(history.slice(1).every((h) => (h.client_action_id ?? '').length >= 8)).toBe(true);
    await Promise.all([wall.close(), operator.close()]);
  });
});
