/**
 * A real SSE answer made hostile: garbage frames, duplicated and replayed frames, silence,
 * or a stream that delivers an event and closes (flaps), telling the client `retry: 0`.
 */

export type StreamCase =
  /** Between real frames: frames that are not JSON, events that break the contract, stray bytes. */
  | { case: 'stream-garbage' }
  /** Every upsert twice, and after each one a replay of an older one (out of order). */
  | { case: 'stream-duplicates' }
  /** The headers, then nothing at all: no frame, no heartbeat. */
  | { case: 'stream-stall' }
  /**
   * The real stream until its first event or `afterMs` (default 250), then closed; its
   * `retry:` replaced by `retry` when given (0: "come back at once").
   */
  | { case: 'stream-flap'; afterMs?: number; retry?: number };

export const GARBAGE_FRAMES = [
  'event: upsert\ndata: {"id": "EV-broken", "title": \n\n',
  'event: upsert\ndata: {"id": "EV-wrong-types", "severity": "very", "location": "here"}\n\n',
  'event: upsert\ndata: <script>window.__hostilePwned="sse"</script>\n\n',
];
const STRAY = ':\u0000\u0001 stray bytes \ufffd\ufffd\n\n';

const encoder = new TextEncoder();

export function corruptStream(real: Response, rule: StreamCase, signal: AbortSignal): Response {
  if (!real.ok || !real.body) return real;
  const headers = new Headers(real.headers);
  if (rule.case === 'stream-stall') {
    void real.body.cancel();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal.addEventListener('abort', () => controller.close(), { once: true });
      },
    });
    return new Response(body, { status: 200, headers });
  }
  if (rule.case === 'stream-flap') return flap(real.body, headers, rule, signal);
  const decoder = new TextDecoder();
  let buffer = '';
  const seen: string[] = [];
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const frame = `${buffer.slice(0, i)}\n\n`;
        buffer = buffer.slice(i + 2);
        const upsert = /^event: upsert$/mu.test(frame);
        let out = frame;
        if (rule.case === 'stream-garbage' && upsert) {
          out = `${GARBAGE_FRAMES[seen.length % GARBAGE_FRAMES.length]}${STRAY}${frame}`;
        } else if (rule.case === 'stream-duplicates' && upsert) {
          const older = seen.length >= 3 ? seen[seen.length - 3] : '';
          out = `${frame}${frame}${older}`;
        }
        if (upsert) seen.push(frame);
        if (seen.length > 50) seen.shift();
        controller.enqueue(encoder.encode(out));
      }
    },
  });
  return new Response(real.body.pipeThrough(transform), { status: real.status, headers });
}

function flap(
  body: ReadableStream<Uint8Array>,
  headers: Headers,
  rule: { afterMs?: number; retry?: number },
  signal: AbortSignal,
): Response {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const out = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        void reader.cancel().catch(() => {});
        try {
          controller.close();
        } catch {
          // the client went first
        }
      };
      const timer = setTimeout(close, rule.afterMs ?? 250);
      signal.addEventListener('abort', close, { once: true });
      try {
        while (!closed) {
          const { done, value } = await reader.read();
          if (done || closed) break;
          let text = decoder.decode(value, { stream: true });
          if (rule.retry !== undefined) text = text.replace(/^retry: \d+$/mu, `retry: ${rule.retry}`);
          // One event, even from a chunk that holds several (a replay comes in chunks).
          const upsert = /^event: upsert$/mu.exec(text);
          const end = upsert ? text.indexOf('\n\n', upsert.index) : -1;
          controller.enqueue(encoder.encode(end >= 0 ? text.slice(0, end + 2) : text));
          if (upsert) break;
        }
      } catch {
        // the real stream ended or the client left
      }
      clearTimeout(timer);
      close();
    },
  });
  return new Response(out, { status: 200, headers });
}
