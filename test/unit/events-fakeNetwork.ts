/**
 * A network between the app's code and the in-process mock api that tests can cut:
 * `kill()` errors every open stream and refuses new requests (the server process died),
 * `revive()` lets requests through again, `swap(api)` puts a different world behind it
 * (a restart that lost its memory). Every request is recorded with its headers (and a
 * POST with its body).
 */
import type { Api } from '../../mock-server/api';

export interface Recorded {
  url: URL;
  method: string;
  headers: Headers;
  /** The body of a POST, as text. */
  body?: string;
}

export interface FakeNetwork {
  fetch: typeof fetch;
  requests: Recorded[];
  kill(): void;
  revive(): void;
  swap(api: Api): void;
  /** The next POST reaches the api, but its answer is lost on the way back. */
  loseNextAnswer(): void;
  readonly openStreams: number;
}

export function fakeNetwork(initial: Api): FakeNetwork {
  let api = initial;
  let down = false;
  let loseAnswer = false;
  const streams = new Set<{ error(e: unknown): void; abortServer(): void }>();
  const requests: Recorded[] = [];

  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const recorded: Recorded = {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
    };
    if (request.method === 'POST') recorded.body = await request.clone().text();
    requests.push(recorded);
    if (down) throw new TypeError('fetch failed: connection refused');
    const server = new AbortController();
    request.signal.addEventListener('abort', () => server.abort(), { once: true });
    const response = await api.handle(new Request(request, { signal: server.signal }));
    if (request.method === 'POST' && loseAnswer) {
      loseAnswer = false;
      throw new TypeError('fetch failed: connection reset');
    }
    if (!response.body || !response.headers.get('content-type')?.includes('event-stream')) return response;
    // Relay the stream so a kill can break it the way a dead server does.
    const upstream = response.body.getReader();
    let entry: { error(e: unknown): void; abortServer(): void } | undefined;
    const relayed = new ReadableStream<Uint8Array>({
      start(controller) {
        entry = {
          error: (e) => controller.error(e),
          abortServer: () => {
            server.abort();
            void upstream.cancel().catch(() => {});
          },
        };
        streams.add(entry);
      },
      async pull(controller) {
        try {
          const { done, value } = await upstream.read();
          if (done) {
            streams.delete(entry!);
            controller.close();
          } else controller.enqueue(value);
        } catch (e) {
          streams.delete(entry!);
          controller.error(e);
        }
      },
      cancel() {
        streams.delete(entry!);
        entry?.abortServer();
      },
    });
    return new Response(relayed, { status: response.status, headers: response.headers });
  };

  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    kill() {
      down = true;
      for (const s of [...streams]) {
        s.error(new TypeError('network error'));
        s.abortServer();
      }
      streams.clear();
    },
    revive() {
      down = false;
    },
    swap(next) {
      api = next;
    },
    loseNextAnswer() {
      loseAnswer = true;
    },
    get openStreams() {
      return streams.size;
    },
  };
}

/** Polls until `check` holds (or throws after timeoutMs). */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A localStorage for Node tests (the action queue persists into it). */
export function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}
