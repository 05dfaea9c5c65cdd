/**
 * GET /events/stream as a Fetch `Response` with a ReadableStream body (works behind MSW and
 * in the Node server alike). Frames: `event: upsert\nid: <seq>\ndata: <json>\n\n`; resume
 * with Last-Event-ID from the bounded replay log, or `event: reset` when it has a gap.
 * Timers and subscriptions are released when the client goes away (request abort or
 * stream cancel) or the api closes.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { HEARTBEAT_FRAME, RESET_FRAME, RETRY_FRAME, upsertFrame } from '@ioc/contract/sse';
export { parseLastEventId } from '@ioc/contract/sse';
import type { EventStore, LogEntry } from './events/store';

const encoder = new TextEncoder();
const frames = new WeakMap<LogEntry, Uint8Array>();
/** A client this far behind (queued chunks) is dropped; it reconnects with Last-Event-ID. */
const MAX_QUEUED_CHUNKS = 10_000;
/**
 * A client that has not read anything for this long is treated as gone, even if no cancel
 * ever reaches us (some interceptors tee a response and keep one branch unread).
 */
const MIN_STALL_MS = 30_000;

function frameOf(entry: LogEntry): Uint8Array {
  let f = frames.get(entry);
  if (!f) {
    f = encoder.encode(upsertFrame(entry.seq, entry.json));
    frames.set(entry, f);
  }
  return f;
}

export interface StreamOptions {
  store: EventStore;
  keep: (ev: IocEvent) => boolean;
  /** From Last-Event-ID; null for a fresh connection, NaN for an unreadable id. */
  lastEventId: number | null;
  heartbeatMs: number;
  signal: AbortSignal;
  /** Open streams, so the api can end them all on close(). */
  registry: Set<() => void>;
  /** Real-time ms without a read before the stream is dropped (default max(30 s, 3 heartbeats)). */
  stallTimeoutMs?: number;
}

export function eventStream(o: StreamOptions): Response {
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const stallMs = o.stallTimeoutMs ?? Math.max(MIN_STALL_MS, 3 * o.heartbeatMs);
        let stalledSince: number | undefined;
        /** Drop a consumer that is hopelessly behind or has silently gone away. */
        const consumerGone = (): boolean => {
          const desired = controller.desiredSize ?? 0;
          if (desired > 0) {
            stalledSince = undefined;
            return false;
          }
          stalledSince ??= Date.now();
          return desired < -MAX_QUEUED_CHUNKS || Date.now() - stalledSince > stallMs;
        };
        const send = (chunk: Uint8Array) => {
          if (closed) return;
          if (consumerGone()) {
            end();
            return;
          }
          controller.enqueue(chunk);
        };
        const unsubscribe = o.store.subscribe((entry) => {
          if (o.keep(entry.event)) send(frameOf(entry));
        });
        const heartbeat = setInterval(() => send(encoder.encode(HEARTBEAT_FRAME)), o.heartbeatMs);
        const onAbort = () => end();
        cleanup = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          o.signal.removeEventListener('abort', onAbort);
          o.registry.delete(end);
        };
        function end() {
          const wasOpen = !closed;
          cleanup();
          if (wasOpen) {
            try {
              controller.close();
            } catch {
              // already closed or errored by the consumer
            }
          }
        }
        o.registry.add(end);
        o.signal.addEventListener('abort', onAbort);

        controller.enqueue(encoder.encode(RETRY_FRAME));
        if (o.lastEventId !== null) {
          const replay = Number.isNaN(o.lastEventId) ? 'gap' : o.store.replaySince(o.lastEventId);
          if (replay === 'gap') controller.enqueue(encoder.encode(RESET_FRAME));
          else for (const entry of replay) if (o.keep(entry.event)) controller.enqueue(frameOf(entry));
        }
        if (o.signal.aborted) end();
      },
      pull() {
        // The consumer asked for more: it is alive and caught up.
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
