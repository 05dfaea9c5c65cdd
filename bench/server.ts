/**
 * `npm run bench:server`: the API server's benchmarks (no browser), printed as JSON and
 * written to bench/results/server-latest.json:
 * - reads: features by bbox and vector tiles at a million 5G stations, p50/p95 per request,
 *   embedded (PGlite) and PostgreSQL against the in-memory mock in the same run;
 * - startup: the embedded server's memory at rest and its first tile after a start, beside
 *   PostgreSQL's, on the read case's databases;
 * - intake: 1,000 events a second for 60 s through two instances on PostgreSQL with 100
 *   stream clients, p95 from the intake's answer to the last client, nothing missing or
 *   doubled, each instance's memory before and after;
 * - asof: jumps to ~100 random moments of 90 days of demo history (the event list, a
 *   street's list and the KPIs then), p50/p95, embedded and PostgreSQL.
 * PostgreSQL is BENCH_DATABASE_URL, else TEST_DATABASE_URL (a role that may create
 * databases). `--only=reads,startup,intake,asof` picks cases, `--quick` shortens them (100 k stations,
 * 15 s of intake, 14 days of history), `--fresh` seeds the read databases again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { asOf } from './server/asof';
import { intakeDelivery } from './server/intake';
import { reads } from './server/reads';
import { startup } from './server/startup';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (name: string) => !only || only.includes(name);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL with PostGIS');

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
};
if (want('reads'))
  results.reads = await reads({
    layerScale: quick ? 10 : 100,
    requests: quick ? 60 : 200,
    adminUrl,
    fresh: args.includes('--fresh'),
  });
if (want('startup'))
  results.startup = await startup({
    layerScale: quick ? 10 : 100,
    adminUrl,
    fresh: args.includes('--fresh') && !want('reads'),
  });
if (want('intake'))
  results.intake = await intakeDelivery({ rate: 1000, seconds: quick ? 15 : 60, clients: 100, adminUrl });
mkdirSync('bench/results', { recursive: true });
if (want('asof'))
  results.asof = await asOf({
    days: quick ? 14 : 90,
    moments: quick ? 30 : 100,
    adminUrl,
    fresh: args.includes('--fresh'),
  });
writeFileSync('bench/results/server-latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
