/**
 * MSW request handlers that hand every API (and /__mock/) request to one api instance.
 * For component tests with msw/node: `setupServer(...mockHandlers(createApi({ tickMs: 0 })))`.
 */
import { http, type RequestHandler } from 'msw';
import type { Api } from './api';
import { MOCK_SESSION_HEADER } from './sessions';

/**
 * `onSession` hears of every sign-in (its session id) and sign-out (null): the in-browser
 * demo keeps the id in a cookie itself, since a browser drops Set-Cookie from MSW's answers.
 */
export function mockHandlers(api: Api, onSession?: (id: string | null) => void): RequestHandler[] {
  const handle = async ({ request, cookies }: { request: Request; cookies: Record<string, string> }) => {
    const res = await api.handle(request, cookies);
    const session = res.headers.get(MOCK_SESSION_HEADER);
    if (session !== null) onSession?.(session || null);
    return res;
  };
  return [http.all('*/api/v1/*', handle), http.all('*/__mock/*', handle)];
}
