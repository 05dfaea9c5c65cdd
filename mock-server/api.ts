/**
 * The API in a box: `createApi(options)` gives a Fetch-style `handle(request)` that the MSW
 * worker (browser), msw/node (component tests) and the Node HTTP server all call, plus the
 * world (layers), the event simulator and the store for tests to drive.
 */
import { HEARTBEAT_MS } from '@ioc/contract/contract';
import type { AppState } from './context';
import { EventStore, type StoreOptions } from './events/store';
import { Simulator } from './events/simulator';
import { Kpis } from './kpis/index';
import { RegionIndex, type RegionsFile } from '@ioc/domain/regions';
import { defaultRegions } from './regions';
import { route } from './router';
import { memorySessions, type SessionStore } from './sessions';
import { DEFAULT_SEED } from './seed';
import { type Clock, DAY, systemClock } from '@ioc/domain/time';
import { World } from './world';
import { LayerHistory } from './history';

export { DEFAULT_SEED };

export interface ApiOptions {
  seed?: number;
  /** Multiplies every layer's feature count (1 reproduces docs/DATA.md). */
  layerScale?: number;
  /** Multiplies every event source's rate (1 = docs/DATA.md's default rates). */
  eventRate?: number;
  heartbeatMs?: number;
  clock?: Clock;
  /** Real-timer tick interval of the simulator in ms; 0 = tests drive `simulator.tick()` (default 250). */
  tickMs?: number;
  /** Let the simulator move open events along the chain by itself (default true). */
  lifecycle?: boolean;
  /** Other regions than data/regions.json (tests). */
  regions?: RegionsFile;
  store?: StoreOptions;
  /** Where sign-ins are remembered (default: in memory). */
  sessions?: SessionStore;
  /**
   * Days of events the world starts with (default 3, what the in-browser demo holds). More
   * keeps every closed event of those days (the server's seeding of a longer history).
   */
  historyDays?: number;
}

export interface Api {
  /** `cookies`: what MSW read for the request (a browser keeps Cookie out of its headers). */
  handle(request: Request, cookies?: Record<string, string>): Promise<Response>;
  world: World;
  simulator: Simulator;
  store: EventStore;
  /** Stops the simulator timer and ends every open event stream. */
  close(): void;
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number (got ${v})`);
  return v;
}

export function createApi(options: ApiOptions = {}): Api {
  const seed = Math.trunc(options.seed ?? DEFAULT_SEED);
  const layerScale = positive('layerScale', options.layerScale ?? 1);
  const eventRate = positive('eventRate', options.eventRate ?? 1);
  const heartbeatMs = Math.max(10, options.heartbeatMs ?? HEARTBEAT_MS);
  const clock = options.clock ?? systemClock;
  const regions = options.regions ? new RegionIndex(options.regions) : defaultRegions();
  const world = new World(regions, seed, layerScale);
  const days = options.historyDays;
  const store = new EventStore(
    regions,
    days === undefined
      ? options.store
      : { ...options.store, closedRetentionMs: (days + 1) * DAY, maxClosed: Number.POSITIVE_INFINITY },
  );
  const simulatorOptions = {
    seed,
    eventRate,
    clock,
    ...(options.lifecycle !== undefined ? { lifecycle: options.lifecycle } : {}),
    ...(days !== undefined ? { historyDays: days, maxInitialEvents: Number.POSITIVE_INFINITY } : {}),
  };
  const simulator = new Simulator(store, regions, simulatorOptions);
  const history = new LayerHistory(world, clock.now());
  const app: AppState = {
    regions,
    world,
    history,
    store,
    simulator,
    kpis: new Kpis(world, store, history),
    clock,
    seed,
    layerScale,
    eventRate,
    heartbeatMs,
    streams: new Set(),
    layerText: new Map(),
    intakeIds: new Map(),
    sessions: options.sessions ?? memorySessions(),
    switches: [],
  };
  const tickMs = options.tickMs ?? 250;
  if (tickMs > 0) simulator.start(tickMs);
  let closed = false;

  return {
    async handle(request: Request, cookies?: Record<string, string>): Promise<Response> {
      // Bring the world up to the clock first, so every answer is as of "now".
      if (!closed) simulator.tick();
      return route(app, request, cookies);
    },
    world,
    simulator,
    store,
    close() {
      closed = true;
      simulator.stop();
      for (const end of [...app.streams]) end();
    },
  };
}
