/** The emergency switch on the mock: the server's scenario, answered alike. */
import { afterAll, describe } from 'vitest';
import { SESSION_COOKIE } from '@ioc/contract/contract';
import { hourAfter, switchChecks, type SwitchTarget } from '../server/emergency-scenario';
import { call, START, testApi } from './helpers';

describe('emergency switch on the mock', () => {
  const api = testApi({ lifecycle: false, eventRate: 0 });
  const target: SwitchTarget = {
    call: (method, path, o = {}) =>
      call(api, `/api/v1${path}`, {
        method,
        ...(o.body !== undefined ? { body: o.body } : {}),
        ...(o.token ? { token: o.token } : {}),
        ...(o.cookie ? { headers: { cookie: `${SESSION_COOKIE}=${o.cookie}` } } : {}),
      }),
    create: async (ev) => {
      api.store.upsert(ev);
    },
    setClock: (ms) => api.clock.set(ms),
  };
  afterAll(() => api.close());
  switchChecks('mock', () => ({ t: target, H: hourAfter(START) }));
});
