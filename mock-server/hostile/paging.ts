/**
 * Faults of a proxy or a broken list: an HTML page where JSON was expected (a gateway's
 * 502 page, or a login page answered with 200), and GET /events pages whose `nextCursor`
 * never ends (the same cursor again, or a cycle of them).
 */
import type { Api } from '../api';

export const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>';

export function htmlPage(status: number): Response {
  return new Response(HTML_PAGE, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

const STORM = 'storm-';

/**
 * A page of GET /events whose next cursor leads nowhere new: `cycle` cursors handed out in
 * turn (1: the same one forever). A request with one of them gets the first page again.
 */
export async function stormingCursor(api: Api, request: Request, cycle: number): Promise<Response> {
  const url = new URL(request.url);
  const asked = url.searchParams.get('cursor') ?? '';
  const n = asked.startsWith(STORM) ? Number(asked.slice(STORM.length)) + 1 : 0;
  url.searchParams.delete('cursor');
  const real = await api.handle(new Request(url, { headers: request.headers, signal: request.signal }));
  if (!real.ok) return real;
  const page = (await real.json()) as { items?: unknown[]; nextCursor?: unknown };
  if (!Array.isArray(page.items)) return Response.json(page, { status: real.status });
  return Response.json({ ...page, nextCursor: `${STORM}${n % Math.max(1, cycle)}` });
}
