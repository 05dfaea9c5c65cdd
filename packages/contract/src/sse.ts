/** The event stream's wire format (text/event-stream), written and read alike everywhere. */

/** One frame: an event as the contract's JSON, numbered so a client resumes from Last-Event-ID. */
export function upsertFrame(seq: number, json: string): string {
  return `event: upsert\nid: ${seq}\ndata: ${json}\n\n`;
}

/** Sent when a client resumes from an id the server no longer (or never) had: it reloads the list. */
export const RESET_FRAME = 'event: reset\ndata: {"reason":"gap"}\n\n';
/** How long a client waits before reconnecting after a dropped connection. */
export const RETRY_FRAME = 'retry: 2000\n\n';
/** A comment that keeps proxies from closing a quiet stream and tells the client it is alive. */
export const HEARTBEAT_FRAME = ': heartbeat\n\n';

/** Last-Event-ID (header, or the query for clients that cannot set it): null for none, NaN when unreadable. */
export function parseLastEventId(header: string | null, query: string | null): number | null {
  const raw = header ?? query;
  if (raw === null || raw.trim() === '') return null;
  return /^\d+$/u.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
}
