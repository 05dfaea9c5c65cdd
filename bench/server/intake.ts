/**
 * Intake and delivery: two server instances on one PostgreSQL, `clients` SSE clients split
 * between them, and `rate` single-event intake requests a second for `seconds`, sent to the
 * instances in turn. For every event: from the intake's answer to its arrival at the last of
 * the clients (p50/p95/max); every client must receive every event once (missing and
 * doubled are counted, and each client's sequence ids must run without a gap); the
 * instances' memory before and after.
 */
import { Agent, request as httpRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { percentile, round } from '../lib';
import { dropDatabase, ensureDatabase, type Proc, runCommand, startServer } from './procs';
import { SseClient } from './sse';

export interface IntakeOptions {
  rate: number;
  seconds: number;
  clients: number;
  adminUrl: string;
}

/** Locations inside the district (GCJ-02), one per street, taken in turn. */
const PLACES: [number, number][] = [
  [114.13, 22.69],
  [114.07, 22.63],
  [114.12, 22.6],
  [114.16, 22.61],
  [114.25, 22.72],
  [114.29, 22.74],
];
const DB = 'ioc_bench_intake';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function intakeDelivery(o: IntakeOptions) {
  const databaseUrl = await ensureDatabase(o.adminUrl, DB, true);
  const procs: Proc[] = [];
  const clients: SseClient[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    await runCommand('server/cli/seed.ts', [], { DATABASE_URL: databaseUrl });
    const made = await runCommand(
      'server/cli/token.ts',
      [
        'create',
        '--role',
        'intake',
        '--name',
        'bench',
        '--rate',
        String(o.rate * 5),
        '--burst',
        String(o.rate * 5),
      ],
      { DATABASE_URL: databaseUrl },
    );
    const token = made.trim().split('\n').at(-1)?.trim() ?? '';
    for (let i = 0; i < 2; i++) procs.push(await startServer({ databaseUrl }));
    const [a, b] = procs as [Proc, Proc];
    const mine = (id: string) => id.startsWith('EV-in-');
    for (let i = 0; i < o.clients; i++)
      clients.push(new SseClient(`${(i % 2 ? b : a).api}/events/stream`, 'district-demo', mine));
    const deadline = Date.now() + 30_000;
    while (!clients.every((c) => c.open)) {
      if (Date.now() > deadline) throw new Error('the streams did not open');
      await sleep(50);
    }
    const before = { a: a.rssMb(), b: b.rssMb() };

    const answered = new Map<string, number>();
    const answerMs: number[] = [];
    const refused = new Map<number, number>();
    let failed = 0;
    const inFlight = new Set<Promise<void>>();
    // Node's own HTTP client on kept-alive sockets: the sender must cost less than what it measures.
    const post = (api: string, body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          `${api}/events`,
          {
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              text += c;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const send = (n: number) => {
      const sent = performance.now();
      const body = JSON.stringify({
        source: 'iot',
        externalId: `bench-${n}`,
        category: 'sensor-alarm',
        title: `传感器告警 ${n}`,
        severity: 2,
        location: PLACES[n % PLACES.length],
      });
      const p = post((n % 2 ? b : a).api, body)
        .then(({ status, text }) => {
          const at = performance.now();
          const id = status === 201 ? (JSON.parse(text) as { id?: string }).id : undefined;
          if (id) {
            answered.set(id, at);
            answerMs.push(at - sent);
          } else refused.set(status, (refused.get(status) ?? 0) + 1);
        })
        .catch(() => {
          failed++;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    };

    lag.enable();
    const start = performance.now();
    let n = 0;
    const total = o.rate * o.seconds;
    while (n < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * o.rate));
      while (n < due) send(n++);
      await sleep(5);
    }
    const sendSeconds = (performance.now() - start) / 1000;
    await Promise.all([...inFlight]);
    // Everything answered should reach every client; give stragglers up to 30 s.
    const drainUntil = Date.now() + 30_000;
    const reachedAll = () => [...answered.keys()].every((id) => clients.every((c) => c.arrived.has(id)));
    while (!reachedAll() && Date.now() < drainUntil) await sleep(100);
    lag.disable();

    const delivery: number[] = [];
    let missing = 0;
    for (const [id, at] of answered) {
      let last = 0;
      for (const c of clients) {
        const t = c.arrived.get(id);
        if (t === undefined) missing++;
        else last = Math.max(last, t);
      }
      if (last > 0) delivery.push(Math.max(0, last - at));
    }
    const gaps = clients.filter((c) =>
      c.seqs.some((s, i) => i > 0 && s !== (c.seqs[i - 1] as number) + 1),
    ).length;
    const after = { a: a.rssMb(), b: b.rssMb() };
    const p95 = percentile(delivery, 95);
    return {
      instances: 2,
      clients: o.clients,
      targetPerSecond: o.rate,
      seconds: o.seconds,
      sentPerSecond: round(total / sendSeconds, 0),
      created: answered.size,
      refused: Object.fromEntries(refused),
      failedRequests: failed,
      intakeAnswerMs: { p50: round(percentile(answerMs, 50), 0), p95: round(percentile(answerMs, 95), 0) },
      deliveryToLastClientMs: {
        p50: round(percentile(delivery, 50), 0),
        p95: round(p95, 0),
        max: round(Math.max(0, ...delivery), 0),
      },
      missingDeliveries: missing,
      doubledDeliveries: clients.reduce((s, c) => s + c.doubled, 0),
      clientsWithSequenceGaps: gaps,
      rssMb: { before, after },
      benchLoopDelayP99Ms: round(lag.percentile(99) / 1e6, 0),
      met: {
        rate: answered.size >= total * 0.99 && failed === 0,
        p95Under500ms: p95 < 500,
        nothingMissingOrDoubled: missing === 0 && gaps === 0 && clients.every((c) => c.doubled === 0),
      },
    };
  } finally {
    agent.destroy();
    for (const c of clients) c.close();
    for (const p of procs) await p.stop();
    await dropDatabase(o.adminUrl, DB).catch(() => {});
  }
}
