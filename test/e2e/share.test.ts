/** A view set up by hand, shared as a URL, opens the same: layers, filters, opacity, scope and camera. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedShare } from './diff';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT } from './harness';
import { decodePng } from './pixels';
import { MAP_NAME, openApp, screenshotMap, settle } from './steps';

describe.skipIf(!browserAvailable())('shared view URL', () => {
  let browser: Browser;
  let app: Served;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('restores the same layers, filters and view', async () => {
    const a = await browser.newPage({ viewport: VIEWPORT });
    await openApp(a, `${app.url}?mode=planner`);
    // Live events move by themselves; leave them out so the two pictures can be compared.
    await a.getByRole('checkbox', { name: '实时事件', exact: true }).uncheck();
    await a.getByRole('checkbox', { name: '24小时政务服务自助区', exact: true }).check();
    await a
      .getByRole('group', { name: '24小时政务服务自助区 筛选' })
      .getByRole('checkbox', { name: '规划新增' })
      .check();
    await a.getByRole('checkbox', { name: '拆除范围', exact: true }).check();
    const slider = a.getByRole('slider', { name: '拆除范围 不透明度' });
    await slider.focus();
    for (let i = 0; i < 6; i++) await slider.press('ArrowLeft');
    // Pan and zoom the map by hand.
    const box = (await a.getByRole('region', { name: MAP_NAME }).boundingBox())!;
    await a.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
    await a.mouse.down();
    await a.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.4, { steps: 8 });
    await a.mouse.up();
    await a.mouse.wheel(0, -300);
    // Over open sea, so no hover highlight is in the picture.
    await a.mouse.move(box.x + box.width - 8, box.y + box.height - 60, { steps: 4 });
    await settle(a);
    const shared = a.url();
    expect(shared).toContain('f=kiosks.status:planned');
    expect(shared).toMatch(/op=demolition:0\.70/);
    const pictureA = decodePng(await screenshotMap(a));

    const b = await browser.newPage({ viewport: VIEWPORT });
    await openApp(b, shared);
    expect(await b.getByRole('checkbox', { name: '24小时政务服务自助区', exact: true }).isChecked()).toBe(
      true,
    );
    expect(await b.getByRole('checkbox', { name: '实时事件', exact: true }).isChecked()).toBe(false);
    expect(
      await b
        .getByRole('group', { name: '24小时政务服务自助区 筛选' })
        .getByRole('checkbox', { name: '规划新增' })
        .isChecked(),
    ).toBe(true);
    await expect
      .poll(() => b.getByRole('listitem', { name: '24小时政务服务自助区' }).textContent())
      .toContain('显示 16 / 共 66 个');
    expect(await b.getByRole('slider', { name: '拆除范围 不透明度' }).inputValue()).toBe('0.7');
    await settle(b);
    const pictureB = decodePng(await screenshotMap(b));
    if (process.env.DEBUG_SHOTS) {
      await a.screenshot({ path: 'scratch/share-a.png' });
      await b.screenshot({ path: 'scratch/share-b.png' });
      console.log(shared, b.url());
    }
    expect(changedShare(pictureA, pictureB)).toBeLessThan(0.01);
    // And the picture is not trivially equal: the hand-made view differs from the default one.
    const c = await browser.newPage({ viewport: VIEWPORT });
    await openApp(c, `${app.url}?mode=planner&layers=admin-boundaries,kiosks`);
    expect(changedShare(pictureA, decodePng(await screenshotMap(c)))).toBeGreaterThan(0.05);
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});
