/** What every route handler gets: the request, its parsed URL and path params, the caller and the app. */
import type { Caller } from './auth';
import type { EventStore } from './events/store';
import type { Simulator } from './events/simulator';
import type { Kpis } from './kpis/index';
import type { RegionIndex } from '@ioc/domain/regions';
import type { SessionStore } from './sessions';
import type { StoredSwitch } from './routes/emergency';
import type { Clock } from '@ioc/domain/time';
import type { LayerHistory } from './history';
import type { World } from './world';

export interface AppState {
  regions: RegionIndex;
  world: World;
  /** The layers' kept versions and current load times (?asOf=). */
  history: LayerHistory;
  store: EventStore;
  simulator: Simulator;
  kpis: Kpis;
  clock: Clock;
  seed: number;
  layerScale: number;
  eventRate: number;
  heartbeatMs: number;
  /** Closers of open SSE streams. */
  streams: Set<() => void>;
  /** Cached JSON of unfiltered layer responses, by `${layerId}|${regionId}`. */
  layerText: Map<string, string>;
  /** Events reported through intake, by their (source, externalId) key: each is created once. */
  intakeIds: Map<string, string>;
  /** Who each signed-in session is (mock-server/sessions.ts). */
  sessions: SessionStore;
  /** The emergency switches recorded, oldest first (append-only). */
  switches: StoredSwitch[];
}

export interface RequestContext<B = unknown> {
  request: Request;
  /** The JSON body, already checked with the route's schema (undefined where it takes none). */
  body: B;
  url: URL;
  params: Record<string, string>;
  caller: Caller;
  app: AppState;
  /** The session id the request carries (its cookie), if any. */
  session: string | null;
}

export type Handler<B = unknown> = (ctx: RequestContext<B>) => Response | Promise<Response>;
