/** `npm run restore -- <file>`: a backup into the empty database DATABASE_URL / DATA_DIR names. */
import { restore } from '../backup';
import { run, withDb } from './common';

run(async () => {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run restore -- <file>');
  const counts = await withDb((db) => restore(db, file), { migrate: false });
  console.log(`[ioc] restored from ${file}: ${JSON.stringify(counts)}`);
});
