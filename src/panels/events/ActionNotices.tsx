/**
 * Why an operator's action was rolled back (409, 403, …), until they dismiss it: the app's
 * explanation and, beside it, the server's own words (who took the event, say), as text.
 */
import { useT } from '../../i18n';
import type { ActionNotice } from '../../pipeline/actions';
import { useActionQueue, usePipeline } from '../../pipeline/context';
import { serverSays } from '../describeProblem';
import '../bounds.css';
import './ActionNotices.css';
import './workText';

const DETAIL_MAX = 160;

function reason(t: ReturnType<typeof useT>, n: ActionNotice): string {
  const status = n.status ?? '—';
  const own =
    n.kind === 'conflict'
      ? t('events.refused.conflict')
      : n.kind === 'forbidden'
        ? t('events.refused.forbidden')
        : n.serverMessage
          ? t('events.refused.status', { status })
          : t('events.refused.other', { status, detail: n.detail.slice(0, DETAIL_MAX) });
  return n.serverMessage ? `${own} ${serverSays(t, n)}` : own;
}

export function ActionNotices() {
  const t = useT();
  const notices = useActionQueue((s) => s.notices);
  const { events, actions } = usePipeline();
  if (notices.length === 0) return null;
  return (
    <ul className="action-notices" aria-label={t('events.notice.label')}>
      {notices.map((n) => (
        <li key={n.id} className="action-notice" role="alert">
          <span>
            {t('events.notice.refused', { action: t(`events.action.${n.action}`), reason: reason(t, n) })}
            <span className="action-notice__event">
              {events.store.getState().byId.get(n.eventId)?.title ?? n.eventId}
            </span>
          </span>
          <button type="button" onClick={() => actions.store.getState().dismissNotice(n.id)}>
            {t('events.notice.dismiss')}
          </button>
        </li>
      ))}
    </ul>
  );
}
