/**
 * The embedded database's PostGIS bundle is the package's own without what the server never
 * loads: PostGIS itself, its install script and PROJ's data stay; raster, topology, the
 * Tiger geocoder, the manual-install and the in-place update scripts go (each library and
 * file in the bundle is held in the server's memory from every start). The server unpacks
 * the bundle itself, and PostGIS with PROJ must work from what it unpacked. Once PostGIS is
 * installed, a later start empties its install script (7.5 MB) and PostGIS still answers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgis } from '@electric-sql/pglite-postgis';
import { leanBundle } from '../../server/db/leanPostgis';
import { openPglite } from '../../server/db/pglite';

const dir = mkdtempSync(join(tmpdir(), 'ioc-postgis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const list = (file: string) => execFileSync('tar', ['tzf', file], { encoding: 'utf8' }).trim().split('\n');

describe('lean PostGIS bundle', () => {
  it('keeps PostGIS and leaves out the libraries and scripts the server never loads', async () => {
    const { bundlePath } = await postgis.setup({} as never, { PGLITE_ENV: {} });
    const lean = list(leanBundle(bundlePath as URL, dir));
    expect(lean).toContain('lib/postgresql/postgis-3.so');
    expect(lean).toContain('share/postgresql/extension/postgis.control');
    expect(lean.some((f) => /^share\/postgresql\/extension\/postgis--\d[\d.]*\.sql$/u.test(f))).toBe(true);
    expect(lean.some((f) => f.startsWith('share/proj/'))).toBe(true);
    expect(lean.filter((f) => f.endsWith('.so'))).toEqual(['lib/postgresql/postgis-3.so']);
    expect(lean.some((f) => /raster|topology|tiger|unpackaged|contrib\//u.test(f))).toBe(false);
    // The scripts that update an installed PostGIS in place (the server never does).
    expect(lean.some((f) => /postgis--.*--.*\.sql$/u.test(f))).toBe(false);
    // Written once: a second start reuses the file.
    leanBundle(bundlePath as URL, dir);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
  });

  it('unpacked by the server, PostGIS and PROJ answer in the embedded database', async () => {
    const db = await openPglite(join(dir, 'db'));
    try {
      await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
      // Web Mercator of Longgang's centre: PROJ reads its own data to transform.
      const [row] = await db.query<{ x: number; y: number; proj: string }>(
        `SELECT ST_X(p) AS x, ST_Y(p) AS y, postgis_proj_version() AS proj
           FROM ST_Transform(ST_SetSRID(ST_MakePoint(114.25, 22.72), 4326), 3857) AS p`,
      );
      const R = 6_378_137;
      expect(row?.x).toBeCloseTo(((114.25 * Math.PI) / 180) * R, 0);
      expect(row?.y).toBeCloseTo(R * Math.log(Math.tan(Math.PI / 4 + (22.72 * Math.PI) / 360)), 0);
      expect(row?.proj).toMatch(/\d+\.\d+/u);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('opened again, the database has PostGIS without its install script in memory', async () => {
    const db = await openPglite(join(dir, 'db'));
    try {
      // The script PostgreSQL would read to create the extension, sized through SQL.
      const [script] = await db.query<{ size: number }>(
        `SELECT (pg_stat_file(c.setting || '/extension/postgis--' || e.extversion || '.sql')).size::int AS size
           FROM pg_config c, pg_extension e WHERE c.name = 'SHAREDIR' AND e.extname = 'postgis'`,
      );
      expect(script?.size).toBe(0);
      await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
      const [row] = await db.query<{ x: number }>(
        'SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(114.25, 22.72), 4326), 3857)) AS x',
      );
      expect(row?.x).toBeCloseTo(((114.25 * Math.PI) / 180) * 6_378_137, 0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
