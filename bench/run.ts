/**
 * `npm run bench`: builds the app and the bare baseline page, runs every benchmark in
 * headless Chromium against the Node mock API, prints JSON and writes
 * bench/results/latest.json. Figures are ratios against the baseline measured in the same
 * run, since the machines here are shared and noisy. `--quick` shortens the long cases.
 * `--only=bundle,cold,scale,ingest,soak,replay` picks cases.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { bundleSizes } from './cases/bundle';
import { coldStart } from './cases/coldStart';
import { coldStartServer } from './cases/coldStartServer';
import { ingest } from './cases/ingest';
import { replay } from './cases/replay';
import { scale } from './cases/scale';
import { soak } from './cases/soak';
import { soakRealtime } from './cases/soakRealtime';
import { startApi, startRig } from './lib';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (name: string) => !only || only.includes(name);
/** `--name=value` as a number, else `fallback`. */
const numberArg = (name: string, fallback: number) => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const v = Number(raw);
  return raw !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
};

// How quiet the machine was: the load average (1 min) at the start and at the end of the run.
const machine: Record<string, unknown> = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAtStart: loadavg()[0],
};
const results: Record<string, unknown> = { date: new Date().toISOString(), machine, quick };
if (want('bundle')) results.bundle = bundleSizes();
const rig = await startRig();
machine.chromium = rig.browser.version();
machine.webgl = 'software (SwiftShader)';
try {
  if (want('cold')) {
    const api = await startApi({});
    results.coldStart = await coldStart(rig, api, quick ? 3 : 5);
    await api.close();
    // The same on the real path: the app and the bare pages served by the API server.
    results.coldStartServer = await coldStartServer(rig, quick ? 3 : 5);
  }
  if (want('scale')) {
    results.scale = [await scale(rig, 10, 120_000)];
    if (!quick) (results.scale as unknown[]).push(await scale(rig, 100, 240_000));
  }
  if (want('ingest')) {
    results.ingest = [];
    for (const rate of [50, 200, 1000])
      (results.ingest as unknown[]).push(await ingest(rig, rate, quick ? 15 : 60));
  }
  if (want('soak')) results.soak = await soak(rig, quick ? 90 : 240);
  if (want('replay')) results.replay = await replay(rig, quick ? 10 : 30, quick ? 20 : 60, quick ? 14 : 90);
  // Hours long: never part of a plain `npm run bench`.
  if (only?.includes('soak-realtime'))
    results.soakRealtime = await soakRealtime(rig, {
      minutes: Math.round(numberArg('minutes', 240)),
      warmUpMinutes: numberArg('warmup-minutes', 15),
    });
} finally {
  machine.loadAtEnd = loadavg()[0];
  await rig.close();
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
