import { ApiProblem } from '../api/errors';
import type { Translate } from '../i18n';

/** A sentence a user understands for whatever a query failed with. */
export function describeProblem(t: Translate, error: unknown): string {
  if (error instanceof ApiProblem) {
    return t(`problem.${error.kind}`, { status: error.status, detail: error.detail });
  }
  return t('problem.network');
}

/**
 * The problem to show for a query: its final error, or while it is still retrying with
 * nothing to show, its latest failure (so an outage is reported at once, not after the
 * last retry).
 */
export function currentProblem(q: { error: unknown; failureReason: unknown; data: unknown }): unknown {
  return q.error ?? (q.data === undefined ? q.failureReason : null) ?? null;
}
