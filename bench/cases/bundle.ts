/** JavaScript needed before the first frame (entry + its static imports), and each lazy chunk, gzipped. */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { APP_DIST, round } from '../lib';

const kb = (bytes: number) => round(bytes / 1024, 1);

export function bundleSizes() {
  const html = readFileSync(`${APP_DIST}/index.html`, 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = (f: string) => gzipSync(readFileSync(`${APP_DIST}/${f}`)).length;
  const all = readdirSync(`${APP_DIST}/assets`)
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .map((f) => `assets/${f}`);
  const firstFrame = initial.reduce((a, f) => a + gz(f), 0);
  const lazy = all.filter((f) => !initial.includes(f)).map((f) => ({ chunk: f, gzipKb: kb(gz(f)) }));
  return {
    firstFrameGzipKb: kb(firstFrame),
    targetKb: 700,
    met: kb(firstFrame) < 700,
    initialChunks: initial,
    lazy,
  };
}
