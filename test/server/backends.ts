/**
 * The two homes of the database for tests: PGlite always, PostgreSQL when TEST_DATABASE_URL
 * names a server (a role that may create databases; CI starts one). In CI a missing
 * TEST_DATABASE_URL is a failure; on a developer machine those tests are skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_SEED } from '../../mock-server/api';
import type { ServerConfig } from '../../server/config';
import { type RunningServer, startServer } from '../../server/start';

export type Backend = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export function backends(): Backend[] {
  if (TEST_DATABASE_URL) return ['pglite', 'postgres'];
  if (process.env.CI) throw new Error('TEST_DATABASE_URL is not set: CI must start PostgreSQL with PostGIS');
  console.warn('[server tests] TEST_DATABASE_URL unset: PostgreSQL tests skipped (they run in CI)');
  return ['pglite'];
}

/** A place for one test's database: a fresh data folder, or a fresh PostgreSQL database. */
export interface TestDatabase {
  backend: Backend;
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

let counter = 0;

export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-test-'));
  if (backend === 'pglite') {
    return {
      backend,
      databaseUrl: undefined,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ioc_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    backend,
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A server config for tests: any free port, no static app, no feeder unless asked. */
export function testConfig(db: TestDatabase, over: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.databaseUrl,
    dataDir: db.dataDir,
    demo: true,
    seed: DEFAULT_SEED,
    eventRate: 0,
    heartbeatMs: 15_000,
    pollMs: 50,
    staticDir: undefined,
    ...over,
  };
}

/**
 * A seeded server on a fresh database for the tests of one describe block: started before
 * them, closed and its database dropped after; `restart()` starts another on the same database.
 */
export function serverOnFreshDatabase(backend: Backend) {
  const city = {
    place: undefined as unknown as TestDatabase,
    server: undefined as unknown as RunningServer,
    async restart() {
      await city.server.close();
      city.server = await startServer(testConfig(city.place));
    },
  };
  beforeAll(async () => {
    city.place = await freshDatabase(backend);
    city.server = await startServer(testConfig(city.place));
  }, 120_000);
  afterAll(async () => {
    await city.server?.close();
    await city.place?.drop();
  });
  return city;
}
