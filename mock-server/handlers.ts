/**
 * MSW request handlers that hand every API (and /__mock/) request to one api instance.
 * For component tests with msw/node: `setupServer(...mockHandlers(createApi({ tickMs: 0 })))`.
 */
import { http, type RequestHandler } from 'msw';
import type { Api } from './api';

export function mockHandlers(api: Api): RequestHandler[] {
  return [
    http.all('*/api/v1/*', ({ request }) => api.handle(request)),
    http.all('*/__mock/*', ({ request }) => api.handle(request)),
  ];
}
