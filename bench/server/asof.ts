/**
 * The time machine (issue 22): jumps to random moments of the demo's last `days` days of
 * history, p50/p95 per request, one at a time, through the API server on the embedded
 * database (PGlite) and on PostgreSQL: the district's event list and KPIs at the moment, and
 * one street's list (the street token's scope). The seeded databases are kept in
 * bench/results/ (PGlite) and ioc_bench_asof_d<days> (PostgreSQL) with a note of when they
 * were seeded, and reused while that note is there (`--fresh` seeds again).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rngFor } from '@ioc/domain/prng';
import { DAY, HOUR } from '@ioc/domain/time';
import { openDb } from '../../server/db/driver';
import { percentile, round } from '../lib';
import { ensureDatabase, type Proc, runCommand, startServer } from './procs';

const DISTRICT_TOKEN = 'district-demo';
/** 平湖街道: the demo's street tokens are street-<region id>. */
const STREET_TOKEN = 'street-440307001';

export interface AsOfOptions {
  days: number;
  moments: number;
  adminUrl: string;
  fresh: boolean;
}

interface Seeded {
  seededAt: number;
  events: number;
  historyRows: number;
  seedSeconds: number | null;
}

type DbAt = { databaseUrl?: string; dataDir?: string };

async function counts(db: DbAt): Promise<{ events: number; historyRows: number }> {
  const conn = await openDb({ databaseUrl: db.databaseUrl, dataDir: db.dataDir ?? '' });
  try {
    const [row] = await conn.query<{ events: number; history: number }>(
      'SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM event_history) AS history',
    );
    return { events: row?.events ?? 0, historyRows: row?.history ?? 0 };
  } finally {
    await conn.close();
  }
}

/** The database with `days` days of demo history: the kept one while its note says so, else seeded now. */
async function seeded(db: DbAt, note: string, days: number, reset: () => Promise<void>, fresh: boolean) {
  if (!fresh && existsSync(note)) return JSON.parse(readFileSync(note, 'utf8')) as Seeded;
  await reset();
  const started = Date.now();
  await runCommand('server/cli/seed.ts', [], {
    DATABASE_URL: db.databaseUrl ?? '',
    DATA_DIR: db.dataDir ?? '',
    LAYER_SCALE: '1',
    HISTORY_DAYS: String(days),
  });
  const out: Seeded = {
    seededAt: started,
    ...(await counts(db)),
    seedSeconds: round((Date.now() - started) / 1000, 0),
  };
  writeFileSync(note, `${JSON.stringify(out)}\n`);
  return out;
}

async function get(url: string, token: string): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return { ms, body };
}

async function measure(p: Proc, s: Seeded, o: AsOfOptions) {
  const rng = rngFor(20261206, 'bench', 'asof');
  // The first hour is left out: the oldest day's events are still being reported then.
  const span = o.days * DAY - HOUR;
  const moments = Array.from({ length: o.moments }, () =>
    new Date(s.seededAt - Math.floor(rng() * span)).toISOString(),
  );
  const cases = {
    events: (at: string) => get(`${p.api}/events?asOf=${at}`, DISTRICT_TOKEN),
    streetEvents: (at: string) => get(`${p.api}/events?asOf=${at}`, STREET_TOKEN),
    kpis: (at: string) => get(`${p.api}/kpis?asOf=${at}`, DISTRICT_TOKEN),
  };
  for (const at of moments.slice(0, 5)) for (const ask of Object.values(cases)) await ask(at);
  const out: Record<string, { p50Ms: number; p95Ms: number; meanItems?: number }> = {};
  for (const [name, ask] of Object.entries(cases)) {
    const ms: number[] = [];
    let items = 0;
    for (const at of moments) {
      const r = await ask(at);
      ms.push(r.ms);
      if (Array.isArray((r.body as { items?: unknown[] }).items))
        items += (r.body as { items: unknown[] }).items.length;
    }
    out[name] = {
      p50Ms: round(percentile(ms, 50), 1),
      p95Ms: round(percentile(ms, 95), 1),
      ...(name === 'kpis' ? {} : { meanItems: Math.round(items / moments.length) }),
    };
  }
  const p95 = Math.max(...Object.values(out).map((r) => r.p95Ms));
  return { ...out, rssMb: p.rssMb(), met: p95 < 100 };
}

async function run(db: DbAt, note: string, reset: () => Promise<void>, o: AsOfOptions) {
  const s = await seeded(db, note, o.days, reset, o.fresh);
  const proc = await startServer(db);
  try {
    const { seededAt: _, ...seed } = s;
    return { ...(await measure(proc, s, o)), seeded: seed };
  } finally {
    await proc.stop();
  }
}

export async function asOf(o: AsOfOptions) {
  const out: Record<string, unknown> = { days: o.days, moments: o.moments };

  const dataDir = `bench/results/pglite-asof-d${o.days}`;
  console.error(`[bench] embedded (PGlite) in ${dataDir}…`);
  out.embedded = await run(
    { dataDir },
    `${dataDir}.json`,
    async () => rmSync(dataDir, { recursive: true, force: true }),
    o,
  );

  const name = `ioc_bench_asof_d${o.days}`;
  console.error(`[bench] PostgreSQL database ${name}…`);
  const databaseUrl = await ensureDatabase(o.adminUrl, name, false);
  out.postgres = await run(
    { databaseUrl },
    `bench/results/${name}.json`,
    async () => {
      await ensureDatabase(o.adminUrl, name, true);
    },
    o,
  );
  return out;
}
