/**
 * GET /events/stream on a Node response: `retry`, then (when the client resumes with
 * Last-Event-ID) every logged change after it, then live changes as the tail reads them,
 * each once and in sequence order; `event: reset` when the id is unknown (from the future
 * or older than the log), comment heartbeats, and a client too far behind is dropped (it
 * reconnects and resumes).
 *
 * Memory per client is bounded before anything is written or queued. Frames go to the
 * socket while it holds less than LOW_WATER; the rest wait, as references to the frames
 * all streams share, until it drains. A client is dropped, and its socket destroyed, when
 * the frames waiting for it would pass MAX_WAITING, when a write would leave more than
 * MAX_BUFFERED on its socket, or when its socket stays full for three heartbeats: ending
 * the response instead would leave the socket, and all that is queued on it, open for as
 * long as the client keeps not reading. A stuck client so costs at most MAX_BUFFERED
 * (1 MB) of its own, and a healthy one rides out a burst of MAX_WAITING more.
 */
import type { ServerResponse } from 'node:http';
import type { IocEvent } from '@ioc/contract/contract';
import { HEARTBEAT_FRAME, RESET_FRAME, RETRY_FRAME } from '@ioc/contract/sse';
import type { EventStore } from './store';
import { type LogTail, TailEntry } from './tail';

/** Bytes a client may have queued on its socket: a write that would pass it drops the client. */
export const MAX_BUFFERED = 1024 * 1024;
/** Frames (in bytes) that may wait for a client's socket to drain before it is dropped. */
export const MAX_WAITING = 1024 * 1024;
/** More is written to a socket only while it holds less than this. */
const LOW_WATER = MAX_BUFFERED / 2;
/** Frames are written in chunks of about this size. */
const CHUNK = 64 * 1024;
const REPLAY_PAGE = 500;
/** Heartbeats in a row with the socket full and never drained, before a client is dropped. */
const STALL_HEARTBEATS = 3;

export interface StreamOptions {
  res: ServerResponse;
  headers: Record<string, string>;
  store: EventStore;
  tail: LogTail;
  keep: (ev: IocEvent) => boolean;
  /** From Last-Event-ID; null for a fresh connection, NaN for an unreadable id. */
  lastEventId: number | null;
  heartbeatMs: number;
  /** Open streams, so the server can end them all on shutdown. */
  registry: Set<() => void>;
  /** Ends the stream when its caller's session ends (auth/watch.ts); returns the unwatch. */
  watch?: (end: () => void) => () => void;
}

export async function serveStream(o: StreamOptions): Promise<void> {
  const { res } = o;
  let closed = false;
  let sentUpTo = o.lastEventId !== null && Number.isFinite(o.lastEventId) ? o.lastEventId : o.tail.last;
  /** Live changes read while the replay is written (null once it is done). */
  let pending: TailEntry[] | null = [];
  let pendingBytes = 0;
  /** Frames waiting for the socket to drain, oldest first from `head`. */
  let waiting: TailEntry[] = [];
  let head = 0;
  let waitingBytes = 0;
  let pumpOnDrain = false;
  /** Heartbeats in a row that found the socket over its high-water mark with no drain between. */
  let stalled = 0;
  let drained = false;

  /** Writes one chunk, or drops the client if that would leave too much on its socket. */
  const write = (text: string): boolean => {
    if (closed) return false;
    // An empty socket always takes one chunk (a single event larger than the cap still goes).
    if (res.writableLength > 0 && res.writableLength + Buffer.byteLength(text) > MAX_BUFFERED) {
      drop();
      return false;
    }
    res.write(text);
    return true;
  };
  /** Moves waiting frames to the socket while it has room; the rest go when it drains. */
  const pump = () => {
    while (!closed && head < waiting.length && res.writableLength < LOW_WATER) {
      let chunk = '';
      while (head < waiting.length && chunk.length < CHUNK) {
        const e = waiting[head++] as TailEntry;
        waitingBytes -= e.frameBytes;
        chunk += e.frame;
      }
      if (!write(chunk)) return;
    }
    if (head === waiting.length) {
      waiting = [];
      head = 0;
    } else if (!pumpOnDrain && !closed) {
      pumpOnDrain = true;
      res.once('drain', () => {
        pumpOnDrain = false;
        pump();
      });
    }
  };
  /** Queues this client's frames of these entries (each once, in order) and writes what fits. */
  const send = (entries: TailEntry[]) => {
    for (const e of entries) {
      if (e.seq <= sentUpTo) continue;
      sentUpTo = e.seq;
      if (!o.keep(e.event)) continue;
      waiting.push(e);
      waitingBytes += e.frameBytes;
    }
    pump();
    if (waitingBytes > MAX_WAITING) drop();
  };
  /** Until the socket has room again (or the client is gone): the replay's pace. */
  const room = async () => {
    while (!closed && res.writableLength >= LOW_WATER) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  };
  const unsubscribe = o.tail.subscribe((entries) => {
    if (!pending) {
      send(entries);
      return;
    }
    for (const e of entries) {
      if (!o.keep(e.event)) continue;
      pending.push(e);
      pendingBytes += e.frameBytes;
    }
    if (pendingBytes > MAX_WAITING) drop();
  });
  const onDrain = () => {
    drained = true;
  };
  const unwatch = o.watch?.(() => end());
  const heartbeat = setInterval(() => {
    // Over the high-water mark the socket says 'drain' once it has sent all it holds: a
    // client whose socket never gets there between heartbeats has stopped reading.
    stalled = res.writableLength >= res.writableHighWaterMark && !drained ? stalled + 1 : 0;
    drained = false;
    if (stalled >= STALL_HEARTBEATS) drop();
    else if (head === waiting.length) write(HEARTBEAT_FRAME);
  }, o.heartbeatMs);
  const release = () => {
    closed = true;
    pending = null;
    waiting = [];
    head = 0;
    unsubscribe();
    unwatch?.();
    clearInterval(heartbeat);
    res.off('drain', onDrain);
    o.registry.delete(end);
  };
  /** Ends the stream (shutdown, or the client went away): what the socket holds is still sent. */
  function end() {
    if (closed) return;
    release();
    res.end();
  }
  /** Drops a client that does not keep up: its socket goes at once, with all it held. */
  function drop() {
    if (closed) return;
    release();
    res.destroy();
  }
  o.registry.add(end);
  res.on('close', end);
  res.on('drain', onDrain);

  res.writeHead(200, {
    ...o.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  write(RETRY_FRAME);
  // Resuming from another instance's id: this one's tail may not have read that far yet.
  if (o.lastEventId !== null && o.lastEventId > o.tail.last) void o.tail.wake();
  try {
    if (o.lastEventId !== null) {
      // Everything the tail has not yet delivered comes from the tail itself.
      const upTo = o.tail.last;
      const { last, first } = await o.store.logBounds();
      if (!Number.isFinite(o.lastEventId) || o.lastEventId > last || o.lastEventId + 1 < first) {
        write(RESET_FRAME);
        sentUpTo = upTo;
      } else {
        for (let from = o.lastEventId; from < upTo && !closed; ) {
          const rows = await o.store.logAfter(from, REPLAY_PAGE, upTo);
          if (rows.length === 0) break;
          // A page at the socket's pace: this client's own copies are never queued in full.
          let chunk = '';
          for (const r of rows) {
            if (r.seq <= sentUpTo) continue;
            sentUpTo = r.seq;
            const e = new TailEntry(r.seq, r.doc);
            if (!o.keep(e.event)) continue;
            chunk += e.frame;
            if (chunk.length >= CHUNK) {
              await room();
              if (!write(chunk)) break;
              chunk = '';
            }
          }
          if (chunk) {
            await room();
            write(chunk);
          }
          from = (rows[rows.length - 1] as { seq: number }).seq;
        }
      }
    }
  } catch {
    end();
    return;
  }
  const queued = pending;
  pending = null;
  if (queued && !closed) send(queued);
}
