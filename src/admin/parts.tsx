/** What the administration tabs share: a list's state, an action's outcome, a time. */
import { useState } from 'react';
import { clip } from '../api/clip';
import { type MessageKey, useT } from '../i18n';
import { formatTime } from '../i18n/dates';
import { currentProblem, describeProblem } from '../panels/describeProblem';
import { useUiStore } from '../state/ui';

/**
 * Loading, a failure in words, or empty: what a list shows instead of rows. A failure is
 * never shown as an empty list.
 */
export function ListState({
  query,
  empty,
}: {
  query: { data: unknown; error: unknown; failureReason: unknown; isPending: boolean };
  empty: MessageKey;
}) {
  const t = useT();
  const problem = currentProblem(query);
  if (problem)
    return (
      <p className="admin-problem" role="alert">
        {t('admin.failed', { problem: describeProblem(t, problem) })}
      </p>
    );
  if (query.isPending) return <p role="status">{t('admin.loading')}</p>;
  return <p className="admin-empty">{t(empty)}</p>;
}

export interface Outcome {
  ok: boolean;
  text: string;
}

/** The last change's outcome, announced (role=status): done, or refused in the server's words. */
export function useOutcome(): [Outcome | null, (text: string) => void, (error: unknown) => void] {
  const t = useT();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return [
    outcome,
    (text) => setOutcome({ ok: true, text }),
    (error) =>
      setOutcome({ ok: false, text: t('admin.actionFailed', { problem: describeProblem(t, error) }) }),
  ];
}

export function OutcomeLine({ outcome }: { outcome: Outcome | null }) {
  return (
    <p className={`admin-outcome${outcome && !outcome.ok ? ' admin-outcome--bad' : ''}`} role="status">
      {outcome?.text ?? ''}
    </p>
  );
}

export function When({ at }: { at: string | null }) {
  const locale = useUiStore((s) => s.locale);
  if (!at) return <span>—</span>;
  return <time dateTime={at}>{formatTime(locale, at)}</time>;
}

/** A name, a user agent, a detail from the API: plain text, bounded. */
export const Bounded = ({ text, max = 60 }: { text: string | null; max?: number }) => (
  <span title={text && text.length > max ? text.slice(0, 500) : undefined}>
    {text ? clip(text, max) : '—'}
  </span>
);

export function Revoked({ at }: { at: string }) {
  const t = useT();
  return (
    <span>
      {t('admin.state.revoked')} <When at={at} />
    </span>
  );
}
