/**
 * GET /events/stream on a Node response: `retry`, then (when the client resumes with
 * Last-Event-ID) every logged change after it, then live changes as the tail reads them,
 * each once and in sequence order; `event: reset` when the id is unknown (from the future
 * or older than the log), comment heartbeats, and a client too far behind is dropped (it
 * reconnects and resumes).
 */
import type { ServerResponse } from 'node:http';
import type { IocEvent } from '@ioc/contract/contract';
import { HEARTBEAT_FRAME, RESET_FRAME, RETRY_FRAME } from '@ioc/contract/sse';
import type { EventStore } from './store';
import { type LogTail, TailEntry } from './tail';

/** Bytes queued for a slow client before it is dropped. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const REPLAY_PAGE = 1000;

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
}

export async function serveStream(o: StreamOptions): Promise<void> {
  const { res } = o;
  let closed = false;
  let sentUpTo = o.lastEventId !== null && Number.isFinite(o.lastEventId) ? o.lastEventId : o.tail.last;
  let pending: TailEntry[] | null = [];

  const write = (text: string) => {
    if (closed) return;
    if (res.writableLength > MAX_BUFFERED) {
      end();
      return;
    }
    res.write(text);
  };
  const send = (entries: TailEntry[]) => {
    let out = '';
    for (const e of entries) {
      if (e.seq <= sentUpTo) continue;
      sentUpTo = e.seq;
      if (o.keep(e.event)) out += e.frame;
    }
    if (out) write(out);
  };
  const unsubscribe = o.tail.subscribe((entries) => {
    if (pending) pending.push(...entries);
    else send(entries);
  });
  const heartbeat = setInterval(() => write(HEARTBEAT_FRAME), o.heartbeatMs);
  function end() {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    o.registry.delete(end);
    res.end();
  }
  o.registry.add(end);
  res.on('close', end);

  res.writeHead(200, {
    ...o.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.write(RETRY_FRAME);
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
          send(rows.map((r) => new TailEntry(r.seq, r.doc)));
          from = (rows[rows.length - 1] as { seq: number }).seq;
          if (res.writableLength > MAX_BUFFERED / 2) await new Promise((r) => res.once('drain', r));
        }
      }
    }
  } catch {
    end();
    return;
  }
  const queued = pending;
  pending = null;
  send(queued);
}
