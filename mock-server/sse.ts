/**
 * GET /events/stream as a Fetch `Response` with a ReadableStream body (works behind MSW and
 * in the Node server alike). Frames: `event: upsert\nid: <seq>\ndata: <json>\n\n`; resume
 * with Last-Event-ID from the bounded replay log, or `event: reset` when it has a gap.
 * Timers and subscriptions are released when the client goes away (request abort or
 * stream cancel) or the api closes. What a client has queued and unread is bounded in bytes
 * (MAX_QUEUED_BYTES), a replay is handed over as the client reads rather than queued whole,
 * and a client past the bound is dropped by erroring its stream, which frees the queue.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { HEARTBEAT_FRAME, RESET_FRAME, RETRY_FRAME, upsertFrame } from '@ioc/contract/sse';
export { parseLastEventId } from '@ioc/contract/sse';
import type { EventStore, LogEntry } from './events/store';

const encoder = new TextEncoder();
const frames = new WeakMap<LogEntry, Uint8Array>();
/**
 * Bytes a client may have queued and unread; past that it is dropped (it reconnects with
 * Last-Event-ID). The stream is errored, not closed, so what it held is released at once
 * and the Node server (node.ts) destroys the socket instead of waiting on it.
 */
export const MAX_QUEUED_BYTES = 1024 * 1024;
/** Live changes that may wait behind a resuming client's replay. */
const MAX_BACKLOG = 10_000;
/** A replay is handed to the consumer in chunks of about this size, as it reads. */
const REPLAY_CHUNK = 64 * 1024;
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
  let pull = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const stallMs = o.stallTimeoutMs ?? Math.max(MIN_STALL_MS, 3 * o.heartbeatMs);
        let stalledSince: number | undefined;
        /** The replay and the live changes behind it, handed over as the consumer reads (shared entries). */
        let backlog: LogEntry[] = [];
        let head = 0;
        /** Drop a consumer that is too far behind or has silently gone away. */
        const consumerGone = (bytes: number): boolean => {
          // One byte of high-water mark: desiredSize is 1 less the bytes queued and unread.
          const desired = controller.desiredSize ?? 0;
          if (1 - desired + bytes > MAX_QUEUED_BYTES) return true;
          if (desired > 0) {
            stalledSince = undefined;
            return false;
          }
          stalledSince ??= Date.now();
          return Date.now() - stalledSince > stallMs;
        };
        const send = (chunk: Uint8Array) => {
          if (closed) return;
          if (consumerGone(chunk.byteLength)) {
            drop();
            return;
          }
          controller.enqueue(chunk);
        };
        const unsubscribe = o.store.subscribe((entry) => {
          if (!o.keep(entry.event)) return;
          if (head === backlog.length) send(frameOf(entry));
          else if (backlog.push(entry) - head > MAX_BACKLOG) drop();
        });
        const heartbeat = setInterval(() => send(encoder.encode(HEARTBEAT_FRAME)), o.heartbeatMs);
        const onAbort = () => end();
        cleanup = () => {
          if (closed) return;
          closed = true;
          backlog = [];
          head = 0;
          unsubscribe();
          clearInterval(heartbeat);
          o.signal.removeEventListener('abort', onAbort);
          o.registry.delete(end);
        };
        /** The stream ends (the api closes, the request is aborted): what is queued may still be read. */
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
        /** A consumer that does not keep up: everything queued for it goes at once. */
        function drop() {
          const wasOpen = !closed;
          cleanup();
          if (wasOpen) controller.error(new Error('event stream consumer too slow'));
        }
        /** The consumer reads: the next part of the backlog, in one chunk. */
        pull = () => {
          if (closed || head === backlog.length) return;
          const parts: Uint8Array[] = [];
          let size = 0;
          while (head < backlog.length && size < REPLAY_CHUNK) {
            const f = frameOf(backlog[head++] as LogEntry);
            parts.push(f);
            size += f.byteLength;
          }
          if (head === backlog.length) {
            backlog = [];
            head = 0;
          }
          const chunk = parts.length === 1 ? (parts[0] as Uint8Array) : new Uint8Array(size);
          if (parts.length > 1) {
            let at = 0;
            for (const p of parts) {
              chunk.set(p, at);
              at += p.byteLength;
            }
          }
          stalledSince = undefined;
          controller.enqueue(chunk);
        };
        o.registry.add(end);
        o.signal.addEventListener('abort', onAbort);

        controller.enqueue(encoder.encode(RETRY_FRAME));
        if (o.lastEventId !== null) {
          const replay = Number.isNaN(o.lastEventId) ? 'gap' : o.store.replaySince(o.lastEventId);
          if (replay === 'gap') controller.enqueue(encoder.encode(RESET_FRAME));
          else backlog = replay.filter((entry) => o.keep(entry.event));
        }
        if (o.signal.aborted) end();
      },
      pull() {
        // The consumer asked for more: it is alive and caught up; it gets the next of the replay.
        pull();
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 1, size: (chunk) => chunk.byteLength },
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
