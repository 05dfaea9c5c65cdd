/** What every part of the running server shares. */
import type { RegionIndex } from '@ioc/domain/regions';
import type { Db } from './db/driver';
import type { LogTail } from './events/tail';
import type { IntakeWriter } from './events/intake';
import type { EventStore } from './events/store';
import type { TileIndexes } from './tiles/indexes';
import type { PeopleSettings } from './auth/sessions';
import type { SessionWatch } from './auth/watch';
import type { OidcClient } from './auth/oidc';

export interface ServerContext {
  db: Db;
  regions: RegionIndex;
  store: EventStore;
  tail: LogTail;
  /** Writes reported events, several requests to a transaction under load. */
  intake: IntakeWriter;
  /** This instance's spatial indexes of tiled layers (a cache of rows). */
  tiles: TileIndexes;
  /** The embedded demo: anonymous callers read at district scope. */
  demo: boolean;
  heartbeatMs: number;
  /** Closers of open event streams, ended on shutdown. */
  streams: Set<() => void>;
  /** People's sessions: timeouts, cookie, allowed origins, sign-in limits (auth/sessions.ts). */
  people: PeopleSettings;
  /** Ends the open streams of sessions that have ended (auth/watch.ts). */
  sessions: SessionWatch;
  /** Single sign-on, where configured. */
  oidc?: OidcClient;
  now(): number;
}
