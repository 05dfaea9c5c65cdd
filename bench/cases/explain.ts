/**
 * What each long task was spent on, from a CPU profile taken across the same minute
 * (Chrome DevTools Protocol, 1 ms sampling): the Long Tasks API gives a start and a
 * duration but not what ran. For each task, its samples are summed by kind: garbage
 * collection, script (the three functions with most self time, by name and source),
 * and native work outside JavaScript (style, layout, paint, and waiting on the GPU
 * process, which in software WebGL is where a frame's drawing happens).
 */
import type { CDPSession, Page } from 'playwright-core';
import { round } from '../lib';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
export interface LongTask {
  at: number;
  ms: number;
}

export interface Recording {
  stop(): Promise<{ profile: Profile; startedAtMs: number }>;
}

/** Starts the profiler; `startedAtMs` is the page's performance.now() when it started. */
export async function startProfile(page: Page): Promise<Recording> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const startedAtMs = await page.evaluate(() => performance.now());
  return {
    stop: async () => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      await cdp.detach();
      return { profile, startedAtMs };
    },
  };
}

const KINDS: Record<string, string> = {
  '(garbage collector)': 'gc',
  '(program)': 'native',
  '(idle)': 'idle',
  '(root)': 'native',
};

export function explain(tasks: LongTask[], profile: Profile, startedAtMs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Sample times in the page's clock (ms).
  const times: number[] = [];
  let t = 0;
  for (const d of profile.timeDeltas) {
    t += d / 1000;
    times.push(startedAtMs + t);
  }
  return tasks.map((task) => {
    const kinds: Record<string, number> = { script: 0, gc: 0, native: 0, idle: 0 };
    const fns = new Map<string, number>();
    let sampled = 0;
    profile.samples.forEach((id, i) => {
      const at = times[i]!;
      if (at < task.at || at > task.at + task.ms) return;
      const step = (profile.timeDeltas[i + 1] ?? 1000) / 1000;
      const frame = byId.get(id)!.callFrame;
      const kind = KINDS[frame.functionName] ?? 'script';
      kinds[kind] = (kinds[kind] ?? 0) + step;
      sampled += step;
      if (kind !== 'script') return;
      const key = `${frame.functionName || '(anonymous)'} @ ${frame.url.split('/').pop()}:${frame.lineNumber}`;
      fns.set(key, (fns.get(key) ?? 0) + step);
    });
    const top = [...fns.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const main = Object.entries(kinds).sort((a, b) => b[1] - a[1])[0]![0];
    return {
      atMs: round(task.at, 0),
      ms: round(task.ms, 0),
      mostly: main,
      sampledMs: round(sampled, 0),
      ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [`${k}Ms`, round(v, 0)])),
      topScript: top.map(([fn, ms]) => `${fn} ${round(ms, 0)} ms`),
    };
  });
}
