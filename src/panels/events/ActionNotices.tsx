/** Why an operator's action was rolled back (409, 403, …), until they dismiss it. */
import { useT } from '../../i18n';
import { type ActionNotice, useActionQueue } from '../../state/actionQueue';
import { useEventsStore } from '../../state/events';

function reason(t: ReturnType<typeof useT>, n: ActionNotice): string {
  if (n.kind === 'conflict') return t('events.refused.conflict');
  if (n.kind === 'forbidden') return t('events.refused.forbidden');
  return t('events.refused.other', { status: n.status ?? '—', detail: n.detail });
}

export function ActionNotices() {
  const t = useT();
  const notices = useActionQueue((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="action-notices" aria-label={t('events.notice.label')}>
      {notices.map((n) => (
        <li key={n.id} className="action-notice" role="alert">
          <span>
            {t('events.notice.refused', { action: t(`events.action.${n.action}`), reason: reason(t, n) })}
            <span className="action-notice__event">
              {useEventsStore.getState().byId.get(n.eventId)?.title ?? n.eventId}
            </span>
          </span>
          <button type="button" onClick={() => useActionQueue.getState().dismissNotice(n.id)}>
            {t('events.notice.dismiss')}
          </button>
        </li>
      ))}
    </ul>
  );
}
