/** Replay (docs/API.md "Replay") on the mock: the server's scenario, read alike. */
import { afterAll, beforeAll, describe } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import { changeChecks } from '../server/replay-changes';
import { playScenario, type ReplayTarget, replayChecks } from '../server/replay-scenario';
import { call, START, testApi } from './helpers';

describe('replay on the mock', () => {
  // No simulated life: only the scenario moves after its start.
  const api = testApi({ lifecycle: false, eventRate: 0 });
  const T0 = START + 60_000;
  const target: ReplayTarget = {
    get: (path, token) => call(api, `/api/v1${path}`, token ? { token } : {}),
    act: (id, body, token) => call(api, `/api/v1/events/${id}/actions`, { body, token }),
    create: async (ev: IocEvent) => {
      api.store.upsert(ev);
    },
    setClock: (ms) => api.clock.set(ms),
    regions: api.store.regions,
  };
  beforeAll(() => playScenario(target, T0));
  afterAll(() => api.close());
  replayChecks('mock', () => ({ t: target, T0 }));
  changeChecks('mock', () => ({ t: target, T0 }));
});
