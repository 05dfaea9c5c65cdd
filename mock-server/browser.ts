/**
 * The embedded demo: the mock API inside the browser behind an MSW service worker, so the
 * built app runs with no network at all. Loaded lazily by src/main.tsx only when
 * config.json asks for the embedded mock.
 */
import { setupWorker } from 'msw/browser';
import { type Api, type ApiOptions, createApi } from './api';
import { mockHandlers } from './handlers';
import { SESSION_COOKIE } from '@ioc/contract/contract';
import type { SessionStore } from './sessions';

export { mockHandlers } from './handlers';

export interface MockWorkerOptions extends ApiOptions {
  /** Absolute or page-relative URL of public/mockServiceWorker.js (default: next to the page). */
  workerUrl?: string;
}

export interface MockWorker {
  api: Api;
  stop(): void;
}

export async function startMockWorker(options: MockWorkerOptions = {}): Promise<MockWorker> {
  const { workerUrl, ...apiOptions } = options;
  const api = createApi({ ...apiOptions, sessions: tabSessions() });
  const worker = setupWorker(...mockHandlers(api, keepSessionCookie));
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: workerUrl ?? new URL('mockServiceWorker.js', document.baseURI).toString() },
  });
  return {
    api,
    stop() {
      worker.stop();
      api.close();
    },
  };
}

/**
 * The demo's sessions outlive a page load (the app reloads after a sign-in) but not the tab:
 * kept in sessionStorage. The mock is the demo's only server, so nothing here is a secret.
 */
function tabSessions(): SessionStore {
  const key = (id: string) => `ioc.mockSession:${id}`;
  return {
    get: (id) => sessionStorage.getItem(key(id)) ?? undefined,
    set: (id, login) => sessionStorage.setItem(key(id), login),
    delete: (id) => sessionStorage.removeItem(key(id)),
  };
}

/** The cookie the server would set; here not HttpOnly, as only the page can set it. */
function keepSessionCookie(id: string | null): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the in-browser demo is its own cookie's server
  document.cookie = id
    ? `${SESSION_COOKIE}=${id}; Path=/; SameSite=Lax`
    : `${SESSION_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
}
