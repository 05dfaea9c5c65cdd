/** What the commands share: the database the environment names, opened and migrated. */
import { configFromEnv, describeDb } from '../config';
import { type Db, openDb } from '../db/driver';
import { migrate } from '../db/migrate';

export async function withDb<T>(fn: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config = configFromEnv();
  console.error(`[ioc] ${describeDb(config)}`);
  const db = await openDb(config);
  try {
    if (options.migrate !== false) await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function run(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(`[ioc] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
