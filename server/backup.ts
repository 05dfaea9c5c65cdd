/**
 * Backup and restore: a portable JSON-lines dump of every domain table, written and read
 * through the same queries on PGlite and PostgreSQL, so a backup of either restores into
 * either. Geometry travels as hex EWKB (lossless); the schema version travels along, and a
 * restore migrates the empty database to that version, loads, then migrates to the latest.
 *
 * A backup is one snapshot: every table is read in one read-only REPEATABLE READ
 * transaction, so a server that keeps writing meanwhile (reports, actions) cannot leave a
 * history row whose event the dump lacks, or a log longer than its counter. On PostgreSQL
 * writers carry on untouched (MVCC); on PGlite, whose one connection serialises
 * transactions, they wait until the dump is written.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Db, Sql } from './db/driver';
import { migrate, schemaVersion } from './db/migrate';
import { isSeeded } from './db/features';

/**
 * Tables in the order a restore inserts them (foreign keys), each with its key. Not
 * `layer_figures` nor `feature_counts`: derived from the features, they are counted again as
 * a restore inserts them.
 */
const TABLES: { name: string; order: string }[] = [
  { name: 'regions', order: "CASE level WHEN 'district' THEN 0 WHEN 'street' THEN 1 ELSE 2 END, ord" },
  { name: 'layers', order: 'ord' },
  { name: 'features', order: 'layer_id, ord' },
  { name: 'layer_versions', order: 'layer_id, valid_from' },
  { name: 'layer_version_features', order: 'layer_id, valid_from, ord' },
  { name: 'kpi_targets', order: 'indicator, region_id' },
  { name: 'kpi_inputs', order: 'indicator, region_id' },
  { name: 'population_samples', order: 'community_id, n' },
  { name: 'events', order: 'id' },
  { name: 'event_history', order: 'id' },
  { name: 'event_log', order: 'seq' },
  { name: 'stream_counter', order: 'one' },
  { name: 'access_tokens', order: 'id' },
  { name: 'users', order: 'id' },
  { name: 'audit_log', order: 'at, id' },
  { name: 'emergency_switches', order: 'id' },
];
const PAGE = 5000;

async function selectList(db: Sql, table: string): Promise<string> {
  const cols = await db.query<{ column_name: string; udt_name: string }>(
    `SELECT column_name, udt_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return cols
    .map((c) => (c.udt_name === 'geometry' ? `${c.column_name}::text AS ${c.column_name}` : c.column_name))
    .join(', ');
}

export async function backup(db: Db, file: string): Promise<Record<string, number>> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    const counts = await db.transaction(async (tx) => {
      // First statement of the transaction: every read below sees one and the same moment.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const counts: Record<string, number> = {};
      await write(
        JSON.stringify({
          format: 'ioc-backup',
          version: 1,
          schema: await schemaVersion(tx),
          at: new Date().toISOString(),
        }),
      );
      for (const t of TABLES) {
        const select = await selectList(tx, t.name);
        counts[t.name] = 0;
        for (let offset = 0; ; offset += PAGE) {
          const rows = await tx.query<{ j: string }>(
            `SELECT row_to_json(t)::text AS j FROM (SELECT ${select} FROM ${t.name} ORDER BY ${t.order} LIMIT ${PAGE} OFFSET ${offset}) t`,
          );
          for (const r of rows) await write(`{"table":"${t.name}","row":${r.j}}`);
          counts[t.name] = (counts[t.name] ?? 0) + rows.length;
          if (rows.length < PAGE) break;
        }
      }
      return counts;
    });
    out.end();
    await once(out, 'finish');
    return counts;
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** Loads a backup into an empty database (refused if it already holds a city). */
export async function restore(db: Db, file: string): Promise<Record<string, number>> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  const header = first.done ? null : (JSON.parse(first.value) as { format?: string; schema?: number });
  if (header?.format !== 'ioc-backup' || typeof header.schema !== 'number')
    throw new Error(`${file} is not an IOC backup`);
  await migrate(db, header.schema);
  if (await isSeeded(db)) throw new Error('the database is not empty: restore needs an empty one');
  const known = new Set(TABLES.map((t) => t.name));
  // Every table, as the backup counts them: an empty one (no switch yet) restores as 0 rows.
  const counts: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t.name, 0]));
  await db.transaction(async (tx) => {
    let table = '';
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      if (table === 'stream_counter') {
        await tx.query("UPDATE stream_counter SET seq = ($1::json->>'seq')::bigint", [batch[0]]);
      } else {
        await tx.query(
          `INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`,
          [`[${batch.join(',')}]`],
        );
      }
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      if (next.value.trim() === '') continue;
      const m = /^\{"table":"([a-z_]+)","row":(.*)\}$/su.exec(next.value);
      if (!m || !known.has(m[1] as string))
        throw new Error(`unreadable backup line: ${next.value.slice(0, 80)}`);
      if (m[1] !== table || batch.length >= 2000) {
        await flush();
        table = m[1] as string;
      }
      batch.push(m[2] as string);
    }
    await flush();
    await tx.query(
      "SELECT setval(pg_get_serial_sequence('event_history', 'id'), coalesce((SELECT max(id) FROM event_history), 0) + 1, false)",
    );
  });
  await migrate(db);
  // After the last migration: a backup older than the switches' table has none to count from.
  await db.query(
    "SELECT setval(pg_get_serial_sequence('emergency_switches', 'id'), coalesce((SELECT max(id) FROM emergency_switches), 0) + 1, false)",
  );
  await db.query('ANALYZE');
  return counts;
}
