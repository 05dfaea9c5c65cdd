/**
 * `npm run backup -- <file>`: the database DATABASE_URL / DATA_DIR names, as a portable dump
 * of one consistent snapshot (see ../backup.ts), safe while a server writes to PostgreSQL.
 */
import { backup } from '../backup';
import { run, withDb } from './common';

run(async () => {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run backup -- <file>');
  const counts = await withDb((db) => backup(db, file), { migrate: false });
  console.log(`[ioc] backup written to ${file}: ${JSON.stringify(counts)}`);
});
