/**
 * The embedded demo: the mock API inside the browser behind an MSW service worker, so the
 * built app runs with no network at all. Loaded lazily by src/main.tsx only when
 * config.json asks for the embedded mock.
 */
import { setupWorker } from 'msw/browser';
import { type Api, type ApiOptions, createApi } from './api';
import { mockHandlers } from './handlers';

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
  const api = createApi(apiOptions);
  const worker = setupWorker(...mockHandlers(api));
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
