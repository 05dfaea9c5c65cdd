/**
 * The layer figures behind GET /kpis are counted once per version of the layers and kept in
 * the database: a restarted server (or another instance) answers from what was kept instead
 * of counting every feature again, which at a million stations held its first answer for
 * seconds; once a layer's rows change they are counted again; figures kept by code that
 * counted other things are not read. Both backends.
 */
import { describe, expect, it } from 'vitest';
import { backends, serverOnFreshDatabase } from './backends';

type Kpis = { indicators: { id: string; value: number }[] };

describe.each(backends())('layer figures kept on %s', (backend) => {
  const city = serverOnFreshDatabase(backend);
  const db = () => city.server.ctx.db;

  const built = async () => {
    const res = await fetch(`${city.server.url}/api/v1/kpis`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Kpis).indicators.find((i) => i.id === '5g.built')?.value;
  };
  const restart = () => city.restart();
  const kept = () => db().query<{ version: string }>('SELECT version FROM layer_figures');
  const district = '440307';
  // What a kept row says the district's built stations are, made unlike any count.
  const mark = (n: number) =>
    db().query(
      `UPDATE layer_figures SET figures = jsonb_set(figures::jsonb,
         '{stations,byId,${district},built}', to_jsonb($1::int))::json`,
      [n],
    );

  it('a restarted server answers from the figures kept, not by counting again', async () => {
    const counted = await built();
    expect(counted).toBeGreaterThan(0);
    expect(await kept()).toHaveLength(1);
    await mark(123_457);
    await restart();
    expect(await built()).toBe(123_457);
  });

  it('a layer whose rows changed is counted again, and only its latest figures are kept', async () => {
    await db().query(
      `DELETE FROM features WHERE layer_id = '5g-stations' AND ord = (SELECT max(ord) FROM features WHERE layer_id = '5g-stations')`,
    );
    const [{ n } = { n: 0 }] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM features WHERE layer_id = '5g-stations'`,
    );
    const now = await built();
    expect(now).not.toBe(123_457);
    expect(now).toBe(n);
    expect(await kept()).toHaveLength(1);
  });

  it('figures kept by code that counted other things are counted again', async () => {
    const counted = await built();
    await db().query(`UPDATE layer_figures SET version = 'older-code|' || split_part(version, '|', 2)`);
    await mark(7);
    await restart();
    expect(await built()).toBe(counted);
    expect((await kept()).map((r) => r.version.startsWith('older-code|'))).toEqual([false]);
  });
});
