/**
 * `npm run server`: the API (and the built app, when dist/ exists) on PORT (4173), with
 * the embedded database in DATA_DIR (./data) or PostgreSQL at DATABASE_URL. Logs are JSON
 * lines (pino); SIGTERM and SIGINT shut down gracefully.
 */
import { configFromEnv } from './config';
import { LOGGER } from './http/app';
import { startServer } from './start';

async function main(): Promise<void> {
  const config = configFromEnv();
  const progress = (m: string) => console.log(`[ioc-server] ${m}`);
  const server = await startServer(config, { logger: LOGGER, progress });
  if (config.demo)
    progress('demo: anonymous callers read at district scope; demo tokens district-demo, street-<id>');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: shutting down`);
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(`[ioc-server] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
