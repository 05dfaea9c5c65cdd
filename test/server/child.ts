/** The real server as a child process (`server/main.ts`), for tests that kill it. */
import { type ChildProcess, spawn } from 'node:child_process';
import type { TestDatabase } from './backends';

export function startChild(
  place: TestDatabase,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl ?? '',
      DEMO: 'true',
      EVENT_RATE: '0',
      POLL_MS: '50',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 100_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ready in [\d.]+ s: (http:\/\/[\d.:]+)\//u.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1] as string });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
