/**
 * Starting and stopping the server: open the database, migrate, seed the embedded demo on
 * first start, listen, follow the event log, run the demo feeder; on stop, refuse new
 * requests, end open streams, let requests in flight finish, then close the database.
 */
import type { FastifyInstance } from 'fastify';
import type { IocEvent } from '@ioc/contract/contract';
import { type Db, openDb } from './db/driver';
import { migrate } from './db/migrate';
import { type ServerConfig, describeDb } from './config';
import type { ServerContext } from './context';
import type { Feeder } from './seed/feeder';
import { IntakeWriter } from './events/intake';
import { EVENTS_CHANNEL, EventStore } from './events/store';
import { LogTail } from './events/tail';
import { type AppOptions, buildApp } from './http/app';
import { regionIndex } from './regions';
import { drawPopulationSamples } from './kpis/samples';
import { TileIndexes, tileIndexDir } from './tiles/indexes';
import { isSeeded } from './db/features';
import { peopleSettings } from './auth/sessions';
import { warmPasswords } from './auth/passwords';
import { DEFAULT_CHECK_MS, SessionWatch } from './auth/watch';
import { OidcClient } from './auth/oidc';

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  ctx: ServerContext;
  feeder: Feeder | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: AppOptions['logger'];
  /** Progress lines while the first start seeds (default: none). */
  progress?: (message: string) => void;
  now?: () => number;
  /** An already open database (tests share one per file). */
  db?: Db;
}

export async function startServer(config: ServerConfig, o: StartOptions = {}): Promise<RunningServer> {
  const progress = o.progress ?? (() => {});
  const now = o.now ?? Date.now;
  const startedAt = Date.now();
  progress(`opening the database: ${describeDb(config)}`);
  const db = o.db ?? (await openDb(config));
  let unlisten: (() => Promise<void>) | undefined;
  // A new demo database's older days, written once the server is open (seed/load.ts).
  let older: IocEvent[] = [];
  try {
    const applied = await migrate(db);
    if (applied.length > 0) progress(`schema migrations applied: ${applied.join(', ')}`);
    if (!(await isSeeded(db))) {
      if (!config.demo)
        throw new Error('the database is empty: load it first (npm run seed) or set DEMO=true');
      progress(`first start: seeding the demo city (seed ${config.seed})…`);
      // The demo world's code is loaded only for the demo: a production server never runs it.
      const { seedDemo } = await import('./seed/load');
      older = await seedDemo(
        db,
        config.seed,
        (m) => progress(`  ${m}`),
        now(),
        config.layerScale,
        config.historyDays,
      );
    }
    const drawn = await drawPopulationSamples(db);
    if (drawn > 0) progress(`population samples for the 15-minute circle: ${drawn}`);
    const regions = await regionIndex(db);
    // The demo's accounts (public password), added to a demo database that lacks them.
    let demoPassword: string | undefined;
    if (config.demo) {
      const people = await import('./seed/people');
      const added = await people.seedDemoPeople(db, regions);
      if (added > 0) progress(`demo accounts: ${added}`);
      demoPassword = people.DEMO_PASSWORD;
    }
    await warmPasswords();
    const store = new EventStore(db, regions);
    let app: FastifyInstance | undefined;
    const tail = new LogTail(store, (e) => app?.log.error({ err: e }, 'reading the event log failed'));
    await tail.start(config.pollMs);
    // Other instances' writes wake the tail at once; the polling remains the safety net.
    unlisten = await db.listen?.(
      EVENTS_CHANNEL,
      () => void tail.wake(),
      (e) => app?.log.warn({ err: e }, 'listening for other instances failed; retrying'),
    );
    const people = peopleSettings(config, demoPassword);
    const ctx: ServerContext = {
      db,
      regions,
      store,
      tail,
      // On the embedded database this server opened, the tile indexes are kept beside it, so
      // a restart reads them back instead of every row again; PostgreSQL's instances (and a
      // database handed in by a test) keep theirs in memory.
      tiles: new TileIndexes(db, {
        cacheDir: db.kind === 'pglite' && !o.db ? tileIndexDir(config.dataDir) : undefined,
        onCacheError: (e) => app?.log.warn({ err: e }, 'keeping a tile index on disk failed'),
      }),
      intake: new IntakeWriter(db, regions, () => void tail.wake()),
      demo: config.demo,
      heartbeatMs: config.heartbeatMs,
      streams: new Set(),
      now,
      people,
      sessions: new SessionWatch(db, {
        everyMs: config.sessionCheckMs ?? DEFAULT_CHECK_MS,
        idleMs: people.idleMs,
        demo: config.demo,
        onError: (e) => app?.log.warn({ err: e }, 'checking the sessions of open streams failed'),
      }),
      ...(config.oidc ? { oidc: new OidcClient(config.oidc) } : {}),
    };
    app = await buildApp(ctx, {
      staticDir: config.staticDir,
      logger: o.logger ?? false,
      trustProxy: config.trustProxy ?? false,
    });
    await app.listen({ port: config.port, host: config.host });
    const feeder =
      config.demo && config.eventRate > 0
        ? new (await import('./seed/feeder')).Feeder(db, store, tail, regions, {
            seed: config.seed,
            eventRate: config.eventRate,
            now,
            onError: (e) => app?.log.error({ err: e }, 'demo feeder step failed'),
          })
        : undefined;
    await feeder?.start();
    let stopping = false;
    const backfill =
      older.length > 0
        ? import('./seed/load')
            .then(({ backfillEvents }) =>
              backfillEvents(
                db,
                older,
                (m) => progress(`  ${m}`),
                () => stopping,
              ),
            )
            .catch((e: unknown) => {
              if (!stopping) app?.log.error({ err: e }, 'back-filling the demo history failed');
            })
        : undefined;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    progress(
      `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: http://${host}:${port}/ (API at /api/v1)`,
    );
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}`,
      port,
      app,
      ctx,
      feeder,
      close() {
        closing ??= (async () => {
          stopping = true;
          await backfill;
          feeder?.stop();
          ctx.sessions.stop();
          for (const end of [...ctx.streams]) end();
          // Requests in flight get a few seconds to finish; kept-alive sockets do not wait
          // out their keep-alive timeout.
          const deadline = setTimeout(() => app.server.closeAllConnections(), 3000);
          await app.close();
          clearTimeout(deadline);
          await unlisten?.();
          await tail.stop();
          if (!o.db) await db.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await unlisten?.().catch(() => {});
    if (!o.db) await db.close().catch(() => {});
    throw e;
  }
}
