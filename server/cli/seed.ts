/** `npm run seed`: the demo city and its demo tokens into the database DATABASE_URL / DATA_DIR names. */
import { configFromEnv } from '../config';
import { isSeeded } from '../db/features';
import { seedDemo } from '../seed/load';
import { prepareTiles, run, withDb } from './common';

run(() =>
  withDb(async (db) => {
    if (await isSeeded(db)) {
      console.log('[ioc] the database already holds a city: nothing seeded');
      return;
    }
    const { seed, layerScale } = configFromEnv();
    await seedDemo(db, seed, (m) => console.log(`[ioc] ${m}`), Date.now(), layerScale);
    await prepareTiles(db);
  }),
);
