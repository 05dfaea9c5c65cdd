/**
 * Writes the screenshots in docs/ from the production build:
 * `npm run screenshots`, which also runs the mode tests with SCREENSHOTS=1 for their shots.
 * Uses the same browser rig as the e2e tests.
 */
import { writeFileSync } from 'node:fs';
import { launchBrowser, serveDist } from '../test/e2e/harness';
import { openApp } from '../test/e2e/steps';

const wall = { width: 1920, height: 1080 };
const layerShot = (id: string, camera = '114.19,22.69,10.7', suffix = '') => ({
  file: `docs/layer-${id}${suffix}.png`,
  query: `?mode=wall&theme=dark&layers=admin-boundaries,${id}&c=${camera}`,
  viewport: wall,
});
const shots = [
  layerShot('5g-stations'),
  layerShot('5g-stations', '114.125,22.61,13.4', '-sites'),
  layerShot('kiosks'),
  layerShot('kindergarten-cameras'),
  layerShot('demolition'),
  layerShot('medical'),
  layerShot('urban-villages'),
  layerShot('live-events'),
  {
    file: 'docs/screenshot-district-dark.png',
    query: '?theme=dark&c=114.19,22.69,10.7',
    viewport: { width: 1920, height: 1080 },
  },
  {
    file: 'docs/screenshot-district-light.png',
    query: '?theme=light&c=114.19,22.69,10.7',
    viewport: { width: 1920, height: 1080 },
  },
  {
    file: 'docs/screenshot-district-en.png',
    query: '?theme=dark&lang=en&c=114.19,22.69,10.7',
    viewport: { width: 1920, height: 1080 },
  },
];

const [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport });
    await openApp(page, `${app.url}${shot.query}`);
    writeFileSync(shot.file, await page.screenshot());
    console.log('wrote', shot.file);
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
}
