/**
 * The embedded database's PostGIS bundle is the package's own without what the server never
 * loads: PostGIS itself, its extension scripts and PROJ's data stay; raster, topology, the
 * Tiger geocoder and the manual-install scripts go (each library in the bundle is compiled
 * into the server's memory at every start).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { leanPostgis } from '../../server/db/leanPostgis';

const dir = mkdtempSync(join(tmpdir(), 'ioc-postgis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const list = (file: string) => execFileSync('tar', ['tzf', file], { encoding: 'utf8' }).trim().split('\n');

describe('lean PostGIS bundle', () => {
  it('keeps PostGIS and leaves out the libraries and scripts the server never loads', async () => {
    const opts = { PGLITE_ENV: {} };
    const { bundlePath } = await leanPostgis(dir).setup({} as never, opts);
    const lean = list(fileURLToPath(bundlePath as URL));
    expect(lean).toContain('lib/postgresql/postgis-3.so');
    expect(lean).toContain('share/postgresql/extension/postgis.control');
    expect(lean.some((f) => /^share\/postgresql\/extension\/postgis--\d[\d.]*\.sql$/u.test(f))).toBe(true);
    expect(lean.some((f) => f.startsWith('share/proj/'))).toBe(true);
    expect(lean.filter((f) => f.endsWith('.so'))).toEqual(['lib/postgresql/postgis-3.so']);
    expect(lean.some((f) => /raster|topology|tiger|unpackaged|contrib\//u.test(f))).toBe(false);
    // Written once: a second start reuses the file.
    await leanPostgis(dir).setup({} as never, opts);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
  });
});
