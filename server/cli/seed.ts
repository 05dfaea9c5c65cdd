/** `npm run seed`: the demo city (HISTORY_DAYS days of events) and its demo tokens into the database DATABASE_URL / DATA_DIR names. */
import { configFromEnv } from '../config';
import { isSeeded } from '../db/features';
import { backfillEvents, seedDemo } from '../seed/load';
import { prepareFigures, prepareTiles, run, withDb } from './common';

run(() =>
  withDb(async (db) => {
    if (await isSeeded(db)) {
      console.log('[ioc] the database already holds a city: nothing seeded');
      return;
    }
    const { seed, layerScale, historyDays } = configFromEnv();
    const log = (m: string) => console.log(`[ioc] ${m}`);
    // Nothing is serving yet: the older days go in at once.
    const older = await seedDemo(db, seed, log, Date.now(), layerScale, historyDays);
    if (older.length > 0) await backfillEvents(db, older, log, () => false);
    await prepareTiles(db);
    await prepareFigures(db);
  }),
);
