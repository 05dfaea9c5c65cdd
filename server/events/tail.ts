/**
 * Follows the event log for this process: reads entries after the last one it delivered,
 * every `intervalMs` and at once after a local write, and hands them to every open stream
 * (and the demo feeder). Because sequence numbers become visible in commit order (see
 * store.ts), following `seq > last` never skips one. On PostgreSQL another instance's
 * writes wake it through LISTEN/NOTIFY (start.ts); the polling stays as the safety net, so
 * a notification lost with a dropped connection delays a change by one interval at most.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { upsertFrame } from '@ioc/contract/sse';
import type { EventStore } from './store';

/** A log entry as streams share it; the event is parsed once, when a scoped stream asks. */
export class TailEntry {
  private parsed: IocEvent | undefined;
  private frameText: string | undefined;
  private bytes: number | undefined;

  constructor(
    readonly seq: number,
    readonly doc: string,
  ) {}

  get event(): IocEvent {
    this.parsed ??= JSON.parse(this.doc) as IocEvent;
    return this.parsed;
  }

  get frame(): string {
    this.frameText ??= upsertFrame(this.seq, this.doc);
    return this.frameText;
  }

  /** The frame's size in UTF-8 bytes, counted once for every stream. */
  get frameBytes(): number {
    this.bytes ??= Buffer.byteLength(this.frame);
    return this.bytes;
  }
}

const PAGE = 1000;

export class LogTail {
  private lastSeq = 0;
  private readonly listeners = new Set<(entries: TailEntry[]) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** The last sequence number delivered to listeners. */
  get last(): number {
    return this.lastSeq;
  }

  async start(intervalMs: number): Promise<void> {
    this.lastSeq = (await this.store.logBounds()).last;
    this.timer = setInterval(() => this.wake(), intervalMs);
  }

  subscribe(fn: (entries: TailEntry[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Reads the log now (after a local commit); resolves when this read is done. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.store.logAfter(this.lastSeq, PAGE);
        if (rows.length === 0 || this.stopped) return;
        const entries = rows.map((r) => new TailEntry(r.seq, r.doc));
        this.lastSeq = (entries[entries.length - 1] as TailEntry).seq;
        for (const fn of [...this.listeners]) {
          try {
            fn(entries);
          } catch (e) {
            this.onError(e);
          }
        }
        if (rows.length < PAGE) return;
      }
    } catch (e) {
      if (!this.stopped) this.onError(e);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
