/**
 * Writes the demo city into an empty database (both backends, same statements): regions,
 * the layer catalog and features, KPI inputs, population samples, the last day of events
 * and the demo tokens. Rows travel as one JSON parameter per batch (json_to_recordset),
 * which is fast on PGlite and PostgreSQL alike.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { DAY } from '@ioc/domain/time';
import type { Db } from '../db/driver';
import { DEFAULT_INTAKE_LIMIT, hashToken } from '../auth/tokens';
import { regionIndex } from '../regions';
import { eventRow, historyParams, insertEventRows } from '../events/rows';
import { batches, insertFeatures } from '../db/features';
import { DemoWorld } from './demo-world';
import { drawPopulationSamples } from '../kpis/samples';

export type Progress = (message: string) => void;

export async function seedGeography(db: Db, demo: DemoWorld, progress: Progress): Promise<void> {
  const regions = demo.regionFeatures().map((f, ord) => ({
    id: f.properties.id,
    level: f.properties.level,
    parent: f.properties.parentId,
    name: f.properties.name,
    name_en: f.properties.nameEn ?? null,
    population: f.properties.population,
    area: f.properties.areaKm2,
    cx: f.properties.center?.[0] ?? null,
    cy: f.properties.center?.[1] ?? null,
    ord,
    geom: JSON.stringify(f.geometry),
  }));
  // Parents first, so the foreign key holds row by row.
  const rank = { district: 0, street: 1, community: 2 } as const;
  regions.sort((a, b) => rank[a.level] - rank[b.level] || a.ord - b.ord);
  await db.query(
    `INSERT INTO regions (id, level, parent_id, name, name_en, population, area_km2, center_lng, center_lat, ord, geom)
     SELECT id, level, parent, name, name_en, population, area, cx, cy, ord, ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)
     FROM json_to_recordset($1::json) AS r(id text, level text, parent text, name text, name_en text, population int,
       area float8, cx float8, cy float8, ord int, geom text)`,
    [JSON.stringify(regions)],
  );
  progress(`regions: ${regions.length}`);

  const catalog = demo.catalog();
  await db.query(
    `INSERT INTO layers (id, title, grp, geometry_type, fields, ord, updated_at, tiles)
     SELECT id, title, grp, geometry, fields::json, ord, updated_at, tiles
     FROM json_to_recordset($1::json) AS r(id text, title text, grp text, geometry text, fields text, ord int,
       updated_at timestamptz, tiles boolean)`,
    [
      JSON.stringify(
        catalog.map((l, ord) => ({
          id: l.id,
          title: l.title,
          grp: l.group,
          geometry: l.geometry,
          fields: JSON.stringify(l.fields),
          ord,
          updated_at: l.updatedAt,
          tiles: l.tiles !== undefined,
        })),
      ),
    ],
  );
  for (const id of demo.layerIds()) {
    const rows = demo.featureRows(id);
    await insertFeatures(db, id, rows);
    progress(`layer ${id}: ${rows.length} features`);
    // The versions the demo's revisions replaced, as an import would have kept them.
    const info = catalog.find((l) => l.id === id);
    for (const v of demo.history.versions(id)) {
      const from = new Date(v.validFrom).toISOString();
      await db.query(
        `INSERT INTO layer_versions (layer_id, valid_from, valid_to, title, geometry_type, fields)
         VALUES ($1, $2, $3, $4, $5, $6::json)`,
        [
          id,
          from,
          new Date(v.validTo).toISOString(),
          info?.title,
          info?.geometry,
          JSON.stringify(info?.fields),
        ],
      );
      await insertFeatures(db, id, demo.featureRows(id, v.world), from);
      progress(`layer ${id}: a kept version valid from ${from}`);
    }
  }

  await db.query(
    `INSERT INTO kpi_targets (indicator, region_id, target)
     SELECT indicator, "regionId", target FROM json_to_recordset($1::json) AS r(indicator text, "regionId" text, target float8)`,
    [JSON.stringify(demo.targets())],
  );
  await db.query(
    `INSERT INTO kpi_inputs (indicator, region_id, value, as_of)
     SELECT indicator, "regionId", value, "asOf" FROM json_to_recordset($1::json)
       AS r(indicator text, "regionId" text, value float8, "asOf" timestamptz)`,
    [JSON.stringify(demo.readiness())],
  );
  const samples = await drawPopulationSamples(db);
  progress(`KPI inputs: targets, sub-center readiness, ${samples} population samples`);
}

/**
 * Events with their whole history, each published once on the stream (oldest update
 * first), in one transaction.
 */
export async function seedEvents(db: Db, events: IocEvent[], progress: Progress): Promise<void> {
  const regions = await regionIndex(db);
  const eventRows = events.map((ev) => eventRow(regions, ev));
  let n = 0;
  const historyRows = events.flatMap((ev) =>
    ev.history.map((h) => {
      const [event_id, at, action, actor, from_status, to_status, note] = historyParams(ev.id, h, null);
      return { event_id, at, action, actor, from_status, to_status, note, n: n++ };
    }),
  );
  await db.transaction(async (tx) => {
    await batches(eventRows, (batch) => tx.query(insertEventRows(1), [JSON.stringify(batch)]));
    await batches(historyRows, (batch) =>
      tx.query(
        `INSERT INTO event_history (event_id, at, action, actor, from_status, to_status, note)
         SELECT event_id, at, action, actor, from_status, to_status, note
         FROM json_to_recordset($1::json) AS r(event_id text, at timestamptz, action text,
           actor text, from_status text, to_status text, note text, n int)
         ORDER BY n`,
        [JSON.stringify(batch)],
      ),
    );
    await tx.query(
      `INSERT INTO event_log (seq, event_id, doc)
       SELECT (SELECT seq FROM stream_counter) + n, id, doc
       FROM json_to_recordset($1::json) AS r(n int, id text, doc text)`,
      [JSON.stringify(events.map((ev, i) => ({ n: i + 1, id: ev.id, doc: JSON.stringify(ev) })))],
    );
    await tx.query('UPDATE stream_counter SET seq = seq + $1', [events.length]);
  });
  progress(`events: ${events.length}`);
}

/** Days of events seeded before the server opens; the days before them are back-filled. */
export const SEEDED_AT_ONCE_DAYS = 3;
const BACKFILL_BATCH = 500;

/**
 * Older, settled events into a database that is already serving: each batch its own short
 * transaction (the server's requests go between them), with its history, and not published
 * on the stream: a client watching now needs no event that settled days ago, and replay and
 * the list read them from the tables. Stops between batches when `stopped()` says so.
 */
export async function backfillEvents(
  db: Db,
  events: IocEvent[],
  progress: Progress,
  stopped: () => boolean,
): Promise<number> {
  const regions = await regionIndex(db);
  let done = 0;
  for (let i = 0; i < events.length && !stopped(); i += BACKFILL_BATCH) {
    const batch = events.slice(i, i + BACKFILL_BATCH);
    const history = batch.flatMap((ev) =>
      ev.history.map((h, n) => {
        const [event_id, at, action, actor, from_status, to_status, note] = historyParams(ev.id, h, null);
        return { event_id, at, action, actor, from_status, to_status, note, n };
      }),
    );
    await db.transaction(async (tx) => {
      await tx.query(insertEventRows(1), [JSON.stringify(batch.map((ev) => eventRow(regions, ev)))]);
      await tx.query(
        `INSERT INTO event_history (event_id, at, action, actor, from_status, to_status, note)
         SELECT event_id, at, action, actor, from_status, to_status, note
         FROM json_to_recordset($1::json) AS r(event_id text, at timestamptz, action text,
           actor text, from_status text, to_status text, note text, n int)
         ORDER BY event_id, n`,
        [JSON.stringify(history)],
      );
    });
    done += batch.length;
  }
  // The embedded database has no autovacuum: without fresh statistics and visibility, the
  // planner takes the back-filled tables for the few rows seeded before them and a jump
  // back in time hash-joins every event (and index-only scans read the heap anyway).
  if (done > 0) await db.query('VACUUM (ANALYZE) events, event_history');
  progress(`history back-filled: ${done} older events`);
  return done;
}

/**
 * The mock's demo tokens (district-demo, street-<id>, and intake-demo, which reports events
 * anywhere in the district), stored hashed like any other.
 */
export async function seedDemoTokens(db: Db, demo: DemoWorld): Promise<number> {
  const rows = demo.tokens().map((t) => {
    const limit = t.role === 'intake' ? DEFAULT_INTAKE_LIMIT : null;
    return {
      id: `demo-${t.token}`,
      name: t.token,
      hash: hashToken(t.token),
      role: t.role,
      region: t.regionId,
      rate: limit?.rate ?? null,
      burst: limit?.burst ?? null,
    };
  });
  await db.query(
    `INSERT INTO access_tokens (id, name, token_sha256, role, region_id, demo, intake_rate, intake_burst)
     SELECT id, name, hash, role, region, true, rate, burst FROM json_to_recordset($1::json)
       AS r(id text, name text, hash text, role text, region text, rate float8, burst float8)
     ON CONFLICT (name) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

/**
 * The whole demo city into an empty database: its last `historyDays` days of events, of which
 * the last three are written now and the older ones (all settled by then) are answered for
 * the caller to back-fill once the server is open (backfillEvents).
 */
export async function seedDemo(
  db: Db,
  seed: number,
  progress: Progress,
  now = Date.now(),
  layerScale = 1,
  historyDays = SEEDED_AT_ONCE_DAYS,
): Promise<IocEvent[]> {
  const started = Date.now();
  const demo = new DemoWorld(seed, layerScale, now);
  await seedGeography(db, demo, progress);
  progress(`simulating the last ${historyDays} days of events…`);
  const events = demo.events(now, historyDays);
  const from = now - SEEDED_AT_ONCE_DAYS * DAY;
  const older = events.filter((ev) => Date.parse(ev.updatedAt) < from);
  await seedEvents(
    db,
    older.length > 0 ? events.filter((ev) => Date.parse(ev.updatedAt) >= from) : events,
    progress,
  );
  const tokens = await seedDemoTokens(db, demo);
  // Fresh statistics, so the planner uses the indexes from the first query on (a million
  // stations without them are read by a bitmap scan of the whole layer).
  await db.query('ANALYZE');
  progress(`demo tokens: ${tokens}; seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (older.length > 0)
    progress(
      `${older.length} events of the days before are back-filled in the background once the server is open`,
    );
  return older;
}
