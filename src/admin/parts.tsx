/** What the administration tabs share: a list's state, an action's outcome, a time. */
import { type ReactNode, useState } from 'react';
import { clip } from '../api/clip';
import { type MessageKey, useT } from '../i18n';
import { formatTime } from '../i18n/dates';
import { currentProblem, describeProblem } from '../panels/describeProblem';
import { useUiStore } from '../state/ui';

type QueryState = { data: unknown; error: unknown; failureReason: unknown; isPending: boolean };

/**
 * Loading, a failure in words, or empty: what a list shows instead of rows. A failure is
 * never shown as an empty list.
 */
export function ListState({ query, empty }: { query: QueryState; empty: MessageKey }) {
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

/** A list as a table with its caption and column heads, or what stands in for it (ListState). */
export function AdminTable({
  query,
  rows,
  empty,
  caption,
  columns,
  children,
}: {
  query: QueryState;
  rows: number;
  empty: MessageKey;
  caption: string;
  columns: MessageKey[];
  children: ReactNode;
}) {
  const t = useT();
  if (rows === 0) return <ListState query={query} empty={empty} />;
  return (
    <table className="admin-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {t(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A row's action: a short word on the button, the row it acts on in its accessible name. */
export function RowAction({
  label,
  text,
  busy,
  title,
  onClick,
}: {
  label: string;
  text: string;
  busy: boolean;
  title?: string | undefined;
  onClick(): void;
}) {
  return (
    <button type="button" aria-label={label} title={title} disabled={busy} onClick={onClick}>
      {text}
    </button>
  );
}

/** A revocable row's last two cells: its state, and the button that revokes it. */
export function RevocableCells({
  revokedAt,
  label,
  busy,
  onRevoke,
}: {
  revokedAt: string | null;
  label: string;
  busy: boolean;
  onRevoke(): void;
}) {
  const t = useT();
  return (
    <>
      <td>{revokedAt ? <Revoked at={revokedAt} /> : t('admin.state.active')}</td>
      <td>
        <div className="admin-actions">
          {!revokedAt && (
            <RowAction label={label} text={t('admin.act.revoke')} busy={busy} onClick={onRevoke} />
          )}
        </div>
      </td>
    </>
  );
}
