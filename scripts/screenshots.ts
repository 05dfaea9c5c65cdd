/**
 * Writes the screenshots in docs/ from the production build: `npm run screenshots`, which
 * builds first and afterwards runs the mode tests with SCREENSHOTS=1 for the shots that need
 * a scene set up (an incident, a comparison). Uses the same browser rig as the e2e tests, on
 * the embedded demo.
 *
 * - docs/screens/<mode>-<width>x<height>.jpg: every mode at every screen size it is used on
 *   (the 7680×2160 wall laid out at its size, drawn at half the pixels);
 * - docs/layer-*.png: each thematic layer over the district;
 * - docs/screenshot-district-*.png: the first page in both themes and in English.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, serveDist, withConfig } from '../test/e2e/harness';
import { settle } from '../test/e2e/steps';

const SIZES = [
  { width: 3840, height: 1080 },
  { width: 7680, height: 2160 },
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
];
const MODES = [
  { name: 'wall', query: '?mode=wall' },
  { name: 'first-page', query: '?' },
  { name: 'operator', query: '?mode=operator&street=440307001' },
  { name: 'planner', query: '?mode=planner' },
];
const desk = { width: 1920, height: 1080 };
const layerShot = (id: string, camera = '114.19,22.69,10.7', suffix = '') => ({
  file: `docs/layer-${id}${suffix}.png`,
  query: `?mode=wall&theme=dark&layers=admin-boundaries,${id}&c=${camera}`,
  viewport: desk,
});
const shots = [
  ...MODES.flatMap((m) =>
    SIZES.map((viewport) => ({
      file: `docs/screens/${m.name}-${viewport.width}x${viewport.height}.jpg`,
      query: `${m.query}&lang=zh-CN`,
      viewport,
    })),
  ),
  layerShot('5g-stations'),
  layerShot('5g-stations', '114.125,22.61,13.4', '-sites'),
  layerShot('kiosks'),
  layerShot('kindergarten-cameras'),
  layerShot('demolition'),
  layerShot('medical'),
  layerShot('urban-villages'),
  layerShot('live-events'),
  { file: 'docs/screenshot-district-dark.png', query: '?theme=dark&c=114.19,22.69,10.7', viewport: desk },
  { file: 'docs/screenshot-district-light.png', query: '?theme=light&c=114.19,22.69,10.7', viewport: desk },
  {
    file: 'docs/screenshot-district-en.png',
    query: '?theme=dark&lang=en&c=114.19,22.69,10.7',
    viewport: desk,
  },
];

const config = JSON.parse(readFileSync('public/config.json', 'utf8')) as { wall: object };
mkdirSync('docs/screens', { recursive: true });
const [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
try {
  for (const shot of shots) {
    const big = shot.viewport.width > 4000;
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: big ? 0.5 : 1 });
    // A wall as large as the screen: the 7680×2160 wall has a design canvas of its size.
    if (big) await withConfig(page, { ...config, wall: { ...config.wall, designSize: shot.viewport } });
    await page.goto(`${app.url}${shot.query}`);
    await settle(page);
    await page
      .locator('section.kpi-panel[aria-busy="true"], .panel-loading')
      .first()
      .waitFor({ state: 'detached' });
    // Charts are set up after the map's first frame and grow in: the picture waits for them.
    await page.waitForFunction(
      () => document.querySelectorAll('.chart__canvas:not([data-drawn])').length === 0,
      undefined,
      { timeout: 30_000 },
    );
    const image = shot.file.endsWith('.jpg')
      ? await page.screenshot({ type: 'jpeg', quality: 82 })
      : await page.screenshot();
    writeFileSync(shot.file, image);
    console.log('wrote', shot.file);
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
}
