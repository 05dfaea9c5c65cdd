/** Requests to a running server, and an SSE reader that records frames as they arrive. */
export interface Got<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function get<T = unknown>(base: string, path: string, token?: string): Promise<Got<T>> {
  const res = await fetch(`${base}/api/v1${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export async function act<T = unknown>(
  base: string,
  token: string | null,
  id: string,
  body: Record<string, unknown>,
): Promise<Got<T>> {
  const res = await fetch(`${base}/api/v1/events/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export interface Frame {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

/** Opens GET /events/stream and collects frames until close(). */
export class Stream {
  readonly frames: Frame[] = [];
  private readonly controller = new AbortController();
  readonly done: Promise<void>;
  status = 0;

  constructor(base: string, query = '', headers: Record<string, string> = {}) {
    this.done = (async () => {
      const res = await fetch(`${base}/api/v1/events/stream${query}`, {
        headers,
        signal: this.controller.signal,
      });
      this.status = res.status;
      if (!res.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const frame: Frame = {};
            for (const line of buffer.slice(0, i).split('\n')) {
              if (line.startsWith(':')) frame.comment = line.slice(1).trim();
              const m = /^(event|id|data): ?(.*)$/u.exec(line);
              if (m) frame[m[1] as 'event' | 'id' | 'data'] = m[2];
            }
            this.frames.push(frame);
            buffer = buffer.slice(i + 2);
          }
        }
      } catch {
        // aborted or the server went away
      }
    })();
  }

  /** Sequence ids of the upserts received so far. */
  get seqs(): number[] {
    return this.frames.filter((f) => f.event === 'upsert').map((f) => Number(f.id));
  }

  upserts<T = { id: string }>(): T[] {
    return this.frames.filter((f) => f.event === 'upsert').map((f) => JSON.parse(f.data ?? 'null') as T);
  }

  close(): Promise<void> {
    this.controller.abort();
    return this.done;
  }
}

export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** POST /events (intake) with a body, or raw text. */
export async function report(base: string, token: string | null, body: unknown) {
  const res = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, headers: res.headers };
}
