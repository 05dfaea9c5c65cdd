/**
 * Versioned, forward-only migrations (migrations/NNNN_name.sql), each applied once in its
 * own transaction at start-up. An advisory lock keeps two servers starting together from
 * applying the same one twice. A database newer than this code is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db, Sql } from './driver';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant shared by every server of this schema. */
const MIGRATION_LOCK = 4_403_070_011;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/u.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: readFileSync(DIR + f, 'utf8'),
    }));
}

export const LATEST_VERSION = Math.max(...migrations().map((m) => m.version));

/** Applies the migrations above the database's version, up to `target` (default: all). */
export async function migrate(db: Db, target = LATEST_VERSION): Promise<number[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: number[] = [];
  for (const m of migrations()) {
    if (m.version > target) break;
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length > 0) return false;
      // Statements one by one: a parameterless multi-statement string through the
      // transaction's own connection (tx has no exec).
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  const [top] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  if ((top?.v ?? 0) > LATEST_VERSION) {
    throw new Error(`the database is at schema ${top?.v}, newer than this server (${LATEST_VERSION})`);
  }
  return applied;
}

/** The schema version of a database (0 for an empty one). */
export async function schemaVersion(db: Sql): Promise<number> {
  const [t] = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!t?.t) return 0;
  const [top] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return top?.v ?? 0;
}

/**
 * Splits a migration into statements at semicolons that end a line, outside $$ bodies and
 * comments. Migrations are our own files, written to this rule.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    const code = line.replace(/--.*$/u, '');
    if ((code.match(/\$\$/gu)?.length ?? 0) % 2 === 1) inBody = !inBody;
    current += `${line}\n`;
    if (!inBody && /;\s*$/u.test(code)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.replace(/--.*$/gmu, '').trim()) out.push(current.trim());
  return out;
}
