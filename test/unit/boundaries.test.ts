/**
 * The package boundaries of docs/ARCHITECTURE.md hold: `npm run lint` (Biome's restricted
 * imports) refuses an import that crosses one, from each side, and lets the allowed ones by.
 * Each file is written under the path it would have in a scratch copy of the layout (the
 * project's biome.json beside it), so the work tree is never touched.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIOME = resolve('node_modules/@biomejs/biome/bin/biome');

/** Biome's lint verdict on `source` as the file at `path`: the diagnostics' text, or '' when clean. */
function lintAs(path: string, source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ioc-boundaries-'));
  try {
    copyFileSync('biome.json', join(root, 'biome.json'));
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
    execFileSync(process.execPath, [BIOME, 'lint', '--colors=off', path], { cwd: root, stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const use = (spec: string) => `import { thing } from '${spec}';\nexport const x = thing;\n`;

describe('package boundaries', () => {
  it.each([
    ['server/kpis/crossing.ts', '../../mock-server/api'],
    ['server/http/crossing.ts', '../../src/api/client'],
    ['server/import/crossing.ts', '../../src/catalog/userLayers/store'],
    ['server/import/crossing.ts', '../../layers/kit/define'],
    ['packages/domain/src/crossing.ts', '../../../src/state/ui'],
    ['packages/contract/src/crossing.ts', '../../../mock-server/regions'],
    ['layers/crossing.layer.ts', '../src/app/App'],
    ['mock-server/crossing.ts', '../src/api/client'],
    ['src/api/crossing.ts', '../state/ui'],
    ['src/api/crossing.ts', '../pipeline/events'],
  ])('%s may not import %s', (path, spec) => {
    expect(lintAs(path, use(spec))).toContain('noRestrictedImports');
  });

  it.each([
    ['server/seed/crossing.ts', '../../mock-server/api'],
    ['server/kpis/crossing.ts', '@ioc/domain/regions'],
    ['server/import/crossing.ts', '@ioc/domain/gis/read'],
    ['mock-server/crossing.ts', '@ioc/contract/contract'],
    ['src/app/crossing.ts', '../../mock-server/browser'],
  ])('%s may import %s', (path, spec) => {
    expect(lintAs(path, use(spec))).not.toContain('noRestrictedImports');
  });
});
