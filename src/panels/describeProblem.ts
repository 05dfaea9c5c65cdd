import { ApiProblem, HTML_DETAIL } from '../api/errors';
import type { Translate } from '../i18n';

/** Technical detail from the API (zod paths can carry its keys): a line at most. */
const DETAIL_MAX = 160;
const clip = (s: string) => (s.length > DETAIL_MAX ? `${s.slice(0, DETAIL_MAX)}…` : s);

/**
 * A sentence a user understands for whatever a query failed with, and the server's own
 * words beside it when its error body gave any.
 */
export function describeProblem(t: Translate, error: unknown): string {
  if (!(error instanceof ApiProblem)) return t('problem.network');
  let out = t(`problem.${error.kind}`, { status: error.status, detail: clip(error.detail) });
  if (error.detail === HTML_DETAIL && error.kind !== 'html') out += t('problem.htmlPage');
  return error.serverMessage ? `${out} ${serverSays(t, error)}` : out;
}

/** The server's reason, quoted, as text. */
export function serverSays(t: Translate, error: { serverMessage?: string | undefined }): string {
  return error.serverMessage ? t('problem.serverSays', { message: error.serverMessage }) : '';
}

/**
 * The problem to show for a query: its final error, or while it is still retrying with
 * nothing to show, its latest failure (so an outage is reported at once, not after the
 * last retry).
 */
export function currentProblem(q: { error: unknown; failureReason: unknown; data: unknown }): unknown {
  return q.error ?? (q.data === undefined ? q.failureReason : null) ?? null;
}
