/** The API's health in the header: online with the data time, or what is wrong. */
import { useApi } from '../api/context';
import { useMeta } from '../api/queries';
import type { Locale } from '../api/config';
import { formatTime, useT } from '../i18n';
import { useUiStore } from '../state/ui';
import { currentProblem, describeProblem } from './describeProblem';

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
          {t('api.dataUpdatedAt', { time: dataTime(locale, meta.data.dataUpdatedAt) })}
        </span>
      )}
      {problem !== null && <span className="status__problem">{describeProblem(t, problem)}</span>}
    </div>
  );
}

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
const clocks = new Map<Locale, Intl.DateTimeFormat>();

/** Today's data reads as a time, like the panels' "as of"; older data keeps its date. */
function dataTime(locale: Locale, iso: string): string {
  const at = new Date(iso);
  if (DAY.format(at) !== DAY.format(new Date())) return formatTime(locale, iso);
  let clock = clocks.get(locale);
  if (!clock) {
    clock = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Asia/Shanghai',
    });
    clocks.set(locale, clock);
  }
  return clock.format(at);
}
