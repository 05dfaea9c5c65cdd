/**
 * The banner while replaying, in every mode and on the wall: which moment is shown, in the
 * configured time zone, with "back to live" always in reach. A critical event that arrives
 * on the live stream meanwhile shows as a badge; clicking it returns to live.
 */
import { useDeferredValue, useMemo } from 'react';
import { useT } from '../../i18n';
import { useLayerCatalog } from '../../catalog/entries';
import { formatMoment, formatTime } from '../../i18n/dates';
import { describeProblem } from '../../panels/describeProblem';
import { useReplayEvents } from '../../panels/events/replayEvents';
import { goLive, useClockStore } from '../../state/clock';
import { useEvents, usePipeline } from '../../pipeline/context';
import { useUiStore } from '../../state/ui';

/** Undispatched critical events reported since the replay began (the live stream keeps running). */
function useNewCritical(since: number): number {
  // The version is what says the held events changed: the memo below reads them anew.
  const version = useDeferredValue(useEvents((s) => s.version));
  const { events } = usePipeline();
  return useMemo(
    () => [...events.criticalAwaiting()].filter((ev) => Date.parse(ev.reportedAt) >= since).length,
    [events, since, version],
  );
}

export function ReplayBanner() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { t: moment, historyFrom, enteredAt } = useClockStore();
  const replay = useReplayEvents();
  // The same query as the catalog's rows: which layers follow the moment.
  const catalog = useLayerCatalog();
  // reportedAt has whole seconds: an event of the very second the replay began counts as news.
  const fresh = useNewCritical(Math.floor(enteredAt / 1000) * 1000);
  return (
    <section className="replay-banner" aria-label={t('replay.status')}>
      <strong className="replay-banner__moment">
        {t('replay.banner', { time: formatMoment(locale, moment) })}
      </strong>
      {historyFrom !== null && moment < historyFrom && (
        <span className="replay-banner__note">
          {t('replay.historyFrom', { time: formatTime(locale, historyFrom) })}
        </span>
      )}
      {replay?.phase === 'loading' && <span className="replay-banner__note">{t('replay.loading')}</span>}
      {replay?.phase === 'failed' && (
        <span className="replay-banner__note" role="alert">
          {t('replay.failed', { problem: describeProblem(t, replay.problem) })}
        </span>
      )}
      <span className="replay-banner__note">
        {t(catalog.data?.some((l) => l.versionAt) ? 'replay.layersSome' : 'replay.layersCurrent')}
      </span>
      {fresh > 0 && (
        <button type="button" className="replay-banner__news" onClick={goLive}>
          {t('replay.newCritical', { n: fresh })}
        </button>
      )}
      <button type="button" className="replay-banner__live" onClick={goLive}>
        {t('replay.live')}
      </button>
    </section>
  );
}
