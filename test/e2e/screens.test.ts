/**
 * Each user's first screen, at the sizes the district's screens have: the video wall
 * (3840×1080 and 7680×2160), desk monitors (1920×1080) and a laptop (1366×768). Every mode
 * opens with its panels inside the screen; the wall shows all seven KPI panels whole and
 * nothing on it scrolls; text is large enough for where it is read (a desk at arm's length,
 * the wall from across the room).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type Served, serveDist, withConfig } from './harness';
import { settle } from './steps';

const SIZES = [
  { width: 3840, height: 1080 },
  { width: 7680, height: 2160 },
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
] as const;
const KPI_PANELS = [
  '5G 基站建设',
  '12345 热线',
  '24 小时自助服务',
  '街道分中心建设',
  '医疗资源配置',
  '幼儿园安全监控',
  '城市更新拆除',
];
/** Smallest text, in CSS pixels at the design size per 1080 of height on the wall. */
const WALL_TEXT_PX = 15;
const DESK_TEXT_PX = 12;
const demoConfig = JSON.parse(readFileSync('public/config.json', 'utf8')) as Record<string, unknown>;

interface Layout {
  /** Boxes that leave the viewport: "name: x,y,right,bottom". */
  outside: string[];
  /** Elements whose content overflows and scrolls (the live list's own scrolling aside). */
  scrolling: string[];
  /** Smallest text found, with where, in CSS px times the zoom it is drawn at. */
  smallest: { px: number; text: string };
  /** On the wall canvas: its scale (CSS px of the screen per design px) and design height. */
  canvas: { scale: number; height: number } | null;
}

/** Reads the layout as a person sees it: boxes, scrolling, and the size text is drawn at. */
function readLayout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const name = (el: Element) =>
      el.getAttribute('aria-label') ??
      el.querySelector('h2')?.textContent ??
      (el.id ? `#${el.id}` : el.className.toString().split(' ')[0]) ??
      el.tagName;
    const panels = document.querySelectorAll(
      'header.app-header, main, aside, section.kpi-panel, section.tour-bar, section.operator-queue, .workbench, #layer-catalog .catalog, section.map-canvas',
    );
    // A box counts where it can be seen: inside the screen and inside every box that clips it
    // (a wall's panels must fit their wing). A box inside a scrolling column is the column's
    // business: the column itself is checked.
    const clips = (el: Element): DOMRect[] | null => {
      const out: DOMRect[] = [];
      for (let a = el.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a);
        if (/(auto|scroll)/.test(o.overflowY + o.overflowX)) return null;
        if (o.overflowY === 'hidden' || o.overflowX === 'hidden') out.push(a.getBoundingClientRect());
      }
      return out;
    };
    const outside: string[] = [];
    for (const el of panels) {
      const r = el.getBoundingClientRect();
      const bounds = clips(el);
      if ((r.width === 0 && r.height === 0) || bounds === null) continue;
      const within = (b: { left: number; top: number; right: number; bottom: number }) =>
        r.left >= b.left - 1 && r.top >= b.top - 1 && r.right <= b.right + 1 && r.bottom <= b.bottom + 1;
      if (!within({ left: 0, top: 0, right: vw, bottom: vh }) || !bounds.every(within))
        outside.push(`${name(el)}: ${[r.left, r.top, r.right, r.bottom].map(Math.round).join(',')}`);
    }
    const scrolling: string[] = [];
    if (document.scrollingElement && document.scrollingElement.scrollHeight > vh + 1) scrolling.push('page');
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (!/(auto|scroll)/.test(style.overflowY + style.overflowX)) continue;
      if (el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1) continue;
      // The live feed is a virtual list: it holds more events than fit, by design.
      if (el.querySelector(':scope > ul[aria-label="事件列表"]')) continue;
      scrolling.push(name(el));
    }
    let smallest = { px: Number.POSITIVE_INFINITY, text: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el) continue;
      // Screen-reader copies, and the basemap's fine-print credits, are not read from the screen.
      if (el.closest('.visually-hidden, .visually-hidden-focusable, .maplibregl-ctrl-attrib, [hidden]'))
        continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > vh || r.right < 0 || r.left > vw)
        continue;
      const zoom = (el as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
      const px = Number.parseFloat(getComputedStyle(el).fontSize) * zoom;
      if (px < smallest.px) smallest = { px, text: text.slice(0, 40) };
    }
    const stage = document.querySelector<HTMLElement>('.design-canvas');
    const canvas = stage
      ? { scale: Number(stage.dataset.scale), height: Number(stage.dataset.designHeight) }
      : null;
    return { outside, scrolling, smallest, canvas };
  });
}

describe.skipIf(!browserAvailable())('every mode at every screen size', () => {
  let browser: Browser;
  let app: Served;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens a page at a size, with the wall's design canvas as large as the screen where it is. */
  async function open(size: (typeof SIZES)[number], query: string): Promise<Page> {
    // The 7680×2160 wall is laid out at its CSS size but drawn at half the device pixels:
    // the layout is what is checked, and software WebGL would spend minutes on 16 megapixels.
    const page = await browser.newPage({ viewport: size, deviceScaleFactor: size.width > 4000 ? 0.5 : 1 });
    const design = size.width >= 7680 ? { width: 7680, height: 2160 } : { width: 3840, height: 1080 };
    const wall = { ...(demoConfig.wall as object), designSize: design };
    await withConfig(page, { ...demoConfig, wall });
    await page.goto(`${app.url}${query}`);
    await settle(page);
    // Every KPI panel present has its figures (or says why not).
    await expect
      .poll(() => page.locator('section.kpi-panel[aria-busy="true"], .panel-loading').count(), {
        timeout: 60_000,
      })
      .toBe(0);
    return page;
  }

  /** Legend entries on screen that share a colour and a shape but mean different things. */
  async function clashes(page: Page): Promise<string[]> {
    const entries = await page
      .getByRole('region', { name: '图例' })
      .locator('li[data-color]')
      .evaluateAll((els) =>
        els.map((el) => ({
          rgb: (el.getAttribute('data-color') ?? '').split(',').map(Number),
          shape: el.getAttribute('data-shape') ?? '',
          label: el.textContent?.trim() ?? '',
        })),
      );
    // RGBA: a line at half strength (a community boundary) reads apart from a full one.
    const near = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0))) < 40;
    const out: string[] = [];
    entries.forEach((a, i) => {
      for (const b of entries.slice(i + 1))
        if (a.shape === b.shape && a.label !== b.label && near(a.rgb, b.rgb))
          out.push(`${a.label} / ${b.label}: ${a.shape} ${a.rgb.join(',')}`);
    });
    return out;
  }

  const scenes = (demoConfig.wall as { scenes: { id: string }[] }).scenes.map((s) => s.id);
  for (const scene of scenes) {
    it(`the wall's scene "${scene}": every colour on the map means one thing`, async () => {
      const page = await open({ width: 1920, height: 1080 }, `?mode=wall&lang=zh-CN&scene=${scene}`);
      try {
        await page.getByRole('region', { name: '图例' }).waitFor();
        expect(await page.getByRole('region', { name: '图例' }).locator('li').count()).toBeGreaterThan(2);
        expect(await clashes(page)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('the console and the planner as they open: every colour on the map means one thing', async () => {
    for (const query of ['?mode=operator&lang=zh-CN&street=440307001', '?mode=planner&lang=zh-CN']) {
      const page = await open({ width: 1920, height: 1080 }, query);
      try {
        await page.getByRole('region', { name: '图例' }).waitFor();
        expect(await clashes(page), query).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  for (const size of SIZES) {
    const at = `${size.width}×${size.height}`;

    it(`the wall at ${at}: all seven KPI panels whole, the legend, the feed and the scene card; nothing scrolls`, async () => {
      const page = await open(size, '?mode=wall&lang=zh-CN');
      try {
        const layout = await readLayout(page);
        expect(layout.outside).toEqual([]);
        expect(layout.scrolling).toEqual([]);
        for (const title of KPI_PANELS) {
          const panel = page.getByRole('region', { name: title, exact: true });
          expect(await panel.count(), title).toBe(1);
          expect(await panel.isVisible(), title).toBe(true);
          // Whole: nothing of it cut off by its own box either.
          expect(await panel.evaluate((el) => el.scrollHeight - el.clientHeight), title).toBeLessThanOrEqual(
            1,
          );
        }
        await expect
          .poll(() => page.getByRole('list', { name: '事件列表' }).locator('[data-event-id]').count())
          .toBeGreaterThan(0);
        expect(await page.getByRole('region', { name: '当前场景' }).isVisible()).toBe(true);
        const legend = page.getByRole('region', { name: '图例' });
        await legend.waitFor();
        const [map, key] = await Promise.all([page.locator('#map').boundingBox(), legend.boundingBox()]);
        expect(key!.x >= map!.x && key!.x + key!.width <= map!.x + map!.width + 1).toBe(true);
        expect(key!.y >= map!.y && key!.y + key!.height <= map!.y + map!.height + 1).toBe(true);
        // Text in design pixels: what the wall shows at its real size.
        const k = (layout.canvas?.height ?? 1080) / 1080;
        expect(layout.canvas).not.toBeNull();
        expect(layout.smallest.px / k, layout.smallest.text).toBeGreaterThanOrEqual(WALL_TEXT_PX);
      } finally {
        await page.close();
      }
    });

    it(`the first page at ${at} fits the screen it opens on, and is readable there`, async () => {
      const page = await open(size, '?lang=zh-CN');
      try {
        const layout = await readLayout(page);
        expect(layout.outside).toEqual([]);
        const wallSized = size.width >= 3840 && size.height >= 1080;
        // A desk monitor gets the desk layout at desk type sizes; a wall-sized screen, the wall.
        expect(layout.canvas !== null).toBe(wallSized);
        if (layout.canvas) {
          expect(layout.scrolling).toEqual([]);
          expect(
            layout.smallest.px / (layout.canvas.height / 1080),
            layout.smallest.text,
          ).toBeGreaterThanOrEqual(WALL_TEXT_PX);
        } else {
          expect(layout.smallest.px, layout.smallest.text).toBeGreaterThanOrEqual(DESK_TEXT_PX);
        }
      } finally {
        await page.close();
      }
    });

    it(`a street console at ${at}: the street's own queue and figures, readiness without scrolling`, async () => {
      const page = await open(size, '?mode=operator&lang=zh-CN&street=440307003');
      try {
        const layout = await readLayout(page);
        expect(layout.outside).toEqual([]);
        expect(layout.smallest.px, layout.smallest.text).toBeGreaterThanOrEqual(DESK_TEXT_PX);
        expect(await page.getByText('本街道：布吉街道').count()).toBe(1);
        const readiness = page.getByRole('region', { name: '街道分中心建设', exact: true });
        if (size.height >= 1080)
          expect(await readiness.evaluate((el) => el.getBoundingClientRect().bottom)).toBeLessThanOrEqual(
            size.height,
          );
      } finally {
        await page.close();
      }
    });

    it(`the planner at ${at}: the catalog and the workbench inside the screen`, async () => {
      const page = await open(size, '?mode=planner&lang=zh-CN');
      try {
        const layout = await readLayout(page);
        expect(layout.outside).toEqual([]);
        expect(layout.smallest.px, layout.smallest.text).toBeGreaterThanOrEqual(DESK_TEXT_PX);
        expect(await page.getByRole('heading', { name: '图层目录' }).isVisible()).toBe(true);
      } finally {
        await page.close();
      }
    });
  }
});
