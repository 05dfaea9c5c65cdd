/**
 * Open event streams of people and devices, held to their session: a request is refused
 * once its session ends, but a stream opened before would go on for hours. Every few
 * seconds one query (for all of this instance's streams, whichever instance revoked the
 * session) finds the sessions that have ended, or whose account's role or region changed,
 * and their streams are ended: the client reconnects and is refused, or reads its new scope.
 * An open stream is a request in progress: it keeps its session from idling out. A machine's
 * stream (a bearer token) is held to its token likewise: revoked, its streams end.
 * A database that cannot be reached ends nothing (the next check decides).
 */
import type { PersonRole } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';

export const DEFAULT_CHECK_MS = 5000;

interface Watched {
  role: PersonRole;
  regionId: string;
  end: () => void;
}

export class SessionWatch {
  private readonly bySession = new Map<string, Set<Watched>>();
  private readonly byToken = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly db: Sql,
    private readonly o: {
      everyMs: number;
      idleMs: number;
      demo: boolean;
      onError: (e: unknown) => void;
    },
  ) {}

  /** Ends `end`'s stream when the session ends or its account changes; returns the unwatch. */
  watch(sessionId: string, role: PersonRole, regionId: string, end: () => void): () => void {
    const w: Watched = { role, regionId, end };
    const set = this.bySession.get(sessionId) ?? new Set<Watched>();
    this.bySession.set(sessionId, set);
    set.add(w);
    this.timer ??= setInterval(() => void this.check(), this.o.everyMs).unref();
    return () => {
      set.delete(w);
      if (set.size === 0) this.bySession.delete(sessionId);
      this.stopWhenIdle();
    };
  }

  /** Ends `end`'s stream when its machine token is revoked; returns the unwatch. */
  watchToken(tokenId: string, end: () => void): () => void {
    const set = this.byToken.get(tokenId) ?? new Set<() => void>();
    this.byToken.set(tokenId, set);
    set.add(end);
    this.timer ??= setInterval(() => void this.check(), this.o.everyMs).unref();
    return () => {
      set.delete(end);
      if (set.size === 0) this.byToken.delete(tokenId);
      this.stopWhenIdle();
    };
  }

  /** Sessions and tokens watched. */
  get size(): number {
    return this.bySession.size + this.byToken.size;
  }

  private stopWhenIdle(): void {
    if (this.bySession.size === 0 && this.byToken.size === 0) this.stop();
  }

  /** One check now (the timer's, or after a revocation on this instance). */
  check(): Promise<void> {
    this.checking ??= this.run().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    await this.runTokens();
    const ids = [...this.bySession.keys()];
    if (ids.length === 0) return;
    let rows: { id: string; role: PersonRole; region_id: string; stale: boolean }[];
    try {
      rows = await this.db.query(
        `SELECT s.id, u.role, u.region_id, s.last_seen_at < now() - interval '60 seconds' AS stale
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = ANY($1::text[]) AND s.revoked_at IS NULL AND s.expires_at > now()
           AND (u.device OR s.last_seen_at > now() - make_interval(secs => $2))
           AND u.disabled_at IS NULL AND (NOT u.demo OR $3)`,
        [ids, this.o.idleMs / 1000, this.o.demo],
      );
      const stale = rows.filter((r) => r.stale).map((r) => r.id);
      if (stale.length > 0)
        await this.db.query('UPDATE sessions SET last_seen_at = now() WHERE id = ANY($1::text[])', [stale]);
    } catch (e) {
      this.o.onError(e);
      return;
    }
    const live = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = live.get(id);
      for (const w of [...(this.bySession.get(id) ?? [])])
        if (!row || row.role !== w.role || row.region_id !== w.regionId) w.end();
    }
  }

  private async runTokens(): Promise<void> {
    const ids = [...this.byToken.keys()];
    if (ids.length === 0) return;
    let rows: { id: string }[];
    try {
      rows = await this.db.query(
        'SELECT id FROM access_tokens WHERE id = ANY($1::text[]) AND revoked_at IS NULL',
        [ids],
      );
    } catch (e) {
      this.o.onError(e);
      return;
    }
    const live = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!live.has(id)) for (const end of [...(this.byToken.get(id) ?? [])]) end();
  }
}
