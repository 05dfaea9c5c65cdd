/**
 * A lean SSE client for the delivery benchmark: it keeps, per upsert, its sequence id and
 * the event's id (the first key of the event's JSON) with the time it arrived, without
 * parsing the JSON, so a hundred of them can follow a thousand events a second.
 */
import { request } from 'node:http';

export class SseClient {
  /** Event id → when it arrived (performance.now()). */
  readonly arrived = new Map<string, number>();
  readonly seqs: number[] = [];
  /** Upserts of an event already received (none should arrive). */
  doubled = 0;
  open = false;
  private buffer = '';
  private readonly req: ReturnType<typeof request>;

  constructor(
    url: string,
    token: string,
    readonly keepId: (id: string) => boolean,
  ) {
    this.req = request(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    this.req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => this.feed(chunk));
    });
    this.req.on('error', () => {});
    this.req.end();
  }

  private feed(chunk: string): void {
    const now = performance.now();
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n\n');
    let from = 0;
    while (end >= 0) {
      this.frame(this.buffer.slice(from, end), now);
      from = end + 2;
      end = this.buffer.indexOf('\n\n', from);
    }
    this.buffer = this.buffer.slice(from);
  }

  private frame(text: string, now: number): void {
    if (text.startsWith('retry:')) {
      this.open = true;
      return;
    }
    if (!text.startsWith('event: upsert')) return;
    const idAt = text.indexOf('\nid: ');
    const dataAt = text.indexOf('\ndata: {"id":"');
    if (idAt < 0 || dataAt < 0) return;
    this.seqs.push(Number(text.slice(idAt + 5, text.indexOf('\n', idAt + 5))));
    const start = dataAt + 14;
    // A copy, not a slice: a slice would keep the whole chunk it came from alive.
    const id = Buffer.from(text.slice(start, text.indexOf('"', start)), 'latin1').toString('latin1');
    if (!this.keepId(id)) return;
    if (this.arrived.has(id)) this.doubled++;
    else this.arrived.set(id, now);
  }

  close(): void {
    this.req.destroy();
  }
}
