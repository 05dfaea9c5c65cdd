/** The server benchmarks' processes: API servers, seeding commands, their memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export interface Proc {
  child: ChildProcess;
  /** The API base, …/api/v1. */
  api: string;
  /** Resident memory now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

const TSX = ['--import', 'tsx'];

/** Resident set size of a process (Linux /proc), in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : Number.NaN;
}

function start(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  label: string,
  built = false,
): Promise<Proc> {
  const child = spawn(process.execPath, built ? [script] : [...TSX, script], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = ready.exec(out);
      if (!m) return;
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      // Keep draining the pipes so a chatty child never blocks on a full one.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({
        child,
        api: m[1] as string,
        rssMb: () => rssMb(child.pid as number),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}):\n${out.slice(-2000)}`)));
  });
}

/**
 * The API server (server/main.ts) on a database, as in production: no demo (callers need a
 * token; an empty database is refused, not seeded) and no feeder. `built`: the server as
 * `npm run server` runs it, built JavaScript in dist-server/ under plain node (no tsx).
 */
export function startServer(
  db: { databaseUrl?: string; dataDir?: string },
  env: Record<string, string> = {},
  built = false,
) {
  return start(
    built ? 'dist-server/main.js' : 'server/main.ts',
    {
      DATABASE_URL: db.databaseUrl ?? '',
      DATA_DIR: db.dataDir ?? '',
      DEMO: 'false',
      EVENT_RATE: '0',
      STATIC_DIR: 'none',
      ...env,
    },
    /ready in [\d.]+ s: (http:\/\/[\d.:]+\/)/u,
    'server',
    built,
  ).then((p) => ({ ...p, api: `${p.api}api/v1` }));
}

/** The in-memory mock (mock-server/node.ts) at a layer scale, no events. */
export function startMock(layerScale: number) {
  return start(
    'mock-server/node.ts',
    { LAYER_SCALE: String(layerScale), EVENT_RATE: '0' },
    /IOC mock API on (http:\/\/\S+\/api\/v1)/u,
    'mock',
  );
}

/** A command to completion (seed, token), its output echoed with a prefix. */
export function runCommand(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [...TSX, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const echo = (b: Buffer) => {
    out += b.toString();
    process.stderr.write(b);
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} failed (${code})`)),
    ),
  );
}

/** A database on the PostgreSQL server `adminUrl` names: created when missing. */
export async function ensureDatabase(adminUrl: string, name: string, fresh: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
