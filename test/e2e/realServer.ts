/** The settings of a real server under a browser test: embedded database, no feeder, quick heartbeats. */
import { DEFAULT_SEED } from '../../mock-server/api';

export const realServerConfig = (dataDir: string) => ({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dataDir,
  seed: DEFAULT_SEED,
  eventRate: 0,
  heartbeatMs: 2000,
  pollMs: 100,
});
