/** Replay (docs/API.md "Replay") on the server, on both backends: the shared scenario. */
import { afterAll, beforeAll, describe } from 'vitest';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { act, get } from './http';
import { changeChecks } from './replay-changes';
import { playScenario, type ReplayTarget, replayChecks } from './replay-scenario';

const T0 = Date.parse('2026-11-22T12:00:00+08:00');

describe.each(backends())('replay on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let target: ReplayTarget;
  let clock = T0;
  beforeAll(async () => {
    place = await freshDatabase(backend);
    server = await startServer(testConfig(place), { now: () => clock });
    const base = server.url;
    target = {
      get: (path, token) => get(base, path, token),
      act: (id, body, token) => act(base, token, id, body),
      create: async (ev) => {
        await server.ctx.store.create(ev);
      },
      setClock: (ms) => {
        clock = ms;
      },
      regions: server.ctx.regions,
    };
    // Seeded at T0: the demo's events all lie at or before it.
    await playScenario(target, T0 + 60_000);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });
  replayChecks(backend, () => ({ t: target, T0: T0 + 60_000 }));
  changeChecks(backend, () => ({ t: target, T0: T0 + 60_000 }));
});
