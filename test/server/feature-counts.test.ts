/**
 * The catalog's counts come from per-street and per-community counts that triggers keep as
 * `features` changes (migration 0015), not from counting every feature per call: whatever
 * writes the rows (a seed, a delete, a move between streets, a truncate, a restore), the
 * catalog a user reads must say what the rows say. Both backends.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backup, restore } from '../../server/backup';
import { openDb } from '../../server/db/driver';
import { keptCount } from '../../server/db/features';
import { backends, freshDatabase, serverOnFreshDatabase } from './backends';

type Entry = { id: string; count: number };

describe.each(backends())('feature counts on %s', (backend) => {
  const city = serverOnFreshDatabase(backend);
  const db = () => city.server.ctx.db;

  const catalog = async (region?: string): Promise<Map<string, number>> => {
    const res = await fetch(`${city.server.url}/api/v1/layers${region ? `?region=${region}` : ''}`);
    expect(res.status).toBe(200);
    return new Map(((await res.json()) as Entry[]).map((l) => [l.id, l.count]));
  };
  /** What the rows say, counted the slow way. */
  const counted = async (column?: 'street_id' | 'community_id', region?: string) => {
    const rows = await db().query<{ id: string; n: number }>(
      `SELECT l.id, (SELECT count(*) FROM features f WHERE f.layer_id = l.id
         ${column ? `AND f.${column} = $1` : ''}) AS n FROM layers l`,
      column ? [region] : [],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  };
  /** The two streets with the most stations. */
  const streets = async () =>
    (
      await db().query<{ street_id: string }>(
        `SELECT street_id FROM features WHERE layer_id = '5g-stations'
         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`,
      )
    ).map((r) => r.street_id) as [string, string];

  it('after the seed, every layer counts its rows for the district, a street and a community', async () => {
    const district = await catalog();
    expect(district.get('5g-stations')).toBeGreaterThan(0);
    expect(district).toEqual(await counted());
    const [street] = await streets();
    expect(await catalog(street)).toEqual(await counted('street_id', street));
    const [c] = await db().query<{ community_id: string }>(
      `SELECT community_id FROM features WHERE community_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const community = c?.community_id ?? '';
    expect(await catalog(community)).toEqual(await counted('community_id', community));
  });

  it('stations moved to another street leave one street count and join the other', async () => {
    const [from, to] = await streets();
    const before = { district: await catalog(), from: await catalog(from), to: await catalog(to) };
    await db().query(
      `UPDATE features SET street_id = $2 WHERE layer_id = '5g-stations'
         AND ord IN (SELECT ord FROM features WHERE layer_id = '5g-stations' AND street_id = $1 ORDER BY ord LIMIT 10)`,
      [from, to],
    );
    expect((await catalog(from)).get('5g-stations')).toBe((before.from.get('5g-stations') ?? 0) - 10);
    expect((await catalog(to)).get('5g-stations')).toBe((before.to.get('5g-stations') ?? 0) + 10);
    expect(await catalog()).toEqual(before.district);
    expect(await catalog(from)).toEqual(await counted('street_id', from));
  });

  it('deleted rows leave the counts, a street emptied of a layer counts 0', async () => {
    const [street] = await streets();
    await db().query(`DELETE FROM features WHERE layer_id = '5g-stations' AND street_id = $1`, [street]);
    expect((await catalog(street)).get('5g-stations')).toBe(0);
    expect(await catalog()).toEqual(await counted());
  });

  it('a backup restored into an empty database counts what it restored', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ioc-counts-')), 'city.jsonl');
    await backup(db(), file);
    const copy = await freshDatabase(backend);
    const restored = await openDb(copy);
    try {
      await restore(restored, file);
      const kept = await restored.query<{ id: string; n: number }>(
        `SELECT l.id, ${keptCount('l.id')} AS n FROM layers l`,
      );
      expect(new Map(kept.map((r) => [r.id, r.n]))).toEqual(await counted());
    } finally {
      await restored.close();
      await copy.drop();
    }
  });

  it('a truncated table counts nothing, and rows written again count again', async () => {
    const rows = await db().query<{ n: number }>('SELECT count(*) AS n FROM features');
    expect(rows[0]?.n).toBeGreaterThan(0);
    await db().transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE saved ON COMMIT DROP AS SELECT * FROM features');
      await tx.query('TRUNCATE features');
      const empty = await tx.query<{ n: number }>('SELECT count(*) AS n FROM feature_counts');
      expect(empty[0]?.n).toBe(0);
      await tx.query('INSERT INTO features SELECT * FROM saved');
    });
    expect(await catalog()).toEqual(await counted());
  });
});
