/**
 * The event pipeline: the live events, the operator's action queue and the event list's
 * state, made once per page (main.tsx) and handed to the views through PipelineProvider,
 * so a test makes its own instead of resetting shared ones. The stream and the actions'
 * sender are loaded by `start`, beside the first screen's requests: their code stays out
 * of the first frame.
 */
import { createStore, type StoreApi } from 'zustand';
import type { ApiClient } from '../api/client';
import type { ListState } from '../api/eventLoader';
import { type ActionQueue, createActionQueue } from './actions';
import type { ActionSender } from './actionSender';
import { createLiveEvents, type LiveEvents } from './events';

export interface PipelineOptions {
  client: ApiClient;
  /** The street (or community) a bound console always asks for; null = whole district. */
  region?: string | null;
  /** The API's heartbeat interval (docs/API.md: 15 s). */
  heartbeatMs?: number;
  /** Separates deployments sharing a browser profile (default: the API's address). */
  storageKey?: string;
  /** Settled events kept besides the open ones. */
  maxSettled?: number;
}

export interface EventPipeline {
  events: LiveEvents;
  actions: ActionQueue;
  /** How the event list (GET /events) is doing, apart from the stream. */
  list: StoreApi<ListState>;
  /** Starts the stream, the event list and the actions' sender. */
  start(): Promise<void>;
  /** Starts the actions' sender alone: what an earlier page left unsent goes now. */
  startActions(): Promise<void>;
  /** Sends the waiting actions now rather than after their backoff. */
  retryActions(): void;
  /** Stops the stream and the sender and clears every timer. */
  stop(): void;
}

export function createEventPipeline(o: PipelineOptions): EventPipeline {
  const events = createLiveEvents(o.maxSettled);
  const list = createStore<ListState>(() => ({ phase: 'loading', problem: null }));
  let sender: ActionSender | null = null;
  const actions = createActionQueue(() => sender?.queued());
  const stops: (() => void)[] = [];
  let stopped = false;

  async function startActions(): Promise<void> {
    const { startActionSender } = await import('./actionSender');
    if (stopped || sender) return;
    const started = startActionSender({
      client: o.client,
      storageKey: o.storageKey ?? o.client.baseUrl,
      store: actions.store,
      events,
    });
    sender = started;
    stops.push(() => started.stop());
  }

  async function startStream(): Promise<void> {
    const { connectStream } = await import('./connect');
    if (stopped) return;
    stops.push(
      connectStream({
        client: o.client,
        region: o.region ?? null,
        heartbeatMs: o.heartbeatMs ?? 15_000,
        events,
        list,
      }),
    );
  }

  // The stream going live again means the API is back: send what waited for it.
  stops.push(
    events.store.subscribe((s, prev) => {
      if (s.connection.phase === 'live' && prev.connection.phase !== 'live') sender?.retryNow();
    }),
  );

  return {
    events,
    actions,
    list,
    start: async () => {
      await Promise.all([startStream(), startActions()]);
    },
    startActions,
    retryActions: () => sender?.retryNow(),
    stop() {
      stopped = true;
      for (const stop of stops.splice(0)) stop();
      events.dispose();
    },
  };
}
