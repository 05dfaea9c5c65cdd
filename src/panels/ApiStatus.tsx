/** The API's health in the header: online with the data time, or what is wrong. */
import { useApi } from '../api/context';
import { useMeta } from '../api/queries';
import { useT } from '../i18n';
import { formatRecent } from '../i18n/dates';
import { useUiStore } from '../state/ui';
import { currentProblem, describeProblem } from './describeProblem';
import './status.css';

export function ApiStatus() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { config } = useApi();
  const meta = useMeta(config.refresh.kpiMs);
  const problem = currentProblem(meta);
  const state = problem !== null ? 'error' : meta.data ? 'ok' : 'loading';
  return (
    <div
      className={`status api-status api-status--${state}`}
      role="status"
      aria-label={t('api.status.label')}
    >
      <span className="status__dot" aria-hidden="true" />
      <span>{t(`api.status.${state}`)}</span>
      {meta.data && (
        <span className="api-status__time">
          {t('api.dataUpdatedAt', { time: formatRecent(locale, meta.data.dataUpdatedAt) })}
        </span>
      )}
      {problem !== null && <span className="status__problem">{describeProblem(t, problem)}</span>}
    </div>
  );
}
