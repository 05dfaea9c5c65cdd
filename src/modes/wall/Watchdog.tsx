/**
 * The wall's watchdog (see watchdog.ts) in the page: it checks every `wall.watchdogMs`,
 * repairs in place, and tells the room's operator what it repaired in a small notice that
 * can be dismissed (a status region: read out, never taking the focus). With
 * `wall.dailyReload` set, the page also reloads once a day at that quiet hour, back to the
 * same address (mode, scene, layers, camera): a last resort for what no repair reaches.
 * Loaded on its own after the first screen (WallMode), like the side panels.
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import { health } from '../../app/health';
import { addMessages, formatClock, type Translate, useT } from '../../i18n';
import { watchdog as messages } from '../../i18n/messages/watchdog';
import { usePipeline } from '../../pipeline/context';
import { useUiStore } from '../../state/ui';
import {
  chartDraws,
  LOG_PREFIX,
  mapDraws,
  msUntil,
  type Repair,
  type WatchedQuery,
  Watchdog as Checks,
} from './watchdog';
import './watchdog.css';

addMessages(messages);

/** The notice keeps this many repairs, newest first. */
const LINES = 4;
/** A notice nobody dismissed goes after this long without a new repair. */
const NOTICE_MS = 60 * 60_000;
const HOUR = 3_600_000;

function watchedQueries(client: QueryClient): WatchedQuery[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.isActive())
    .map((q) => {
      const interval = q.observers
        .map((o) => o.options.refetchInterval)
        .find((i): i is number => typeof i === 'number' && i > 0);
      return {
        key: String(q.queryKey[0]),
        updatedAt: q.state.dataUpdatedAt,
        intervalMs: interval ?? null,
        fetching: q.state.fetchStatus !== 'idle',
        refetch: () => void client.refetchQueries({ queryKey: q.queryKey, exact: true }),
      };
    });
}

interface Line {
  at: number;
  repair: Repair;
}

function describe(t: Translate, r: Repair): string {
  switch (r.part) {
    case 'chart':
      return t('watchdog.chart', { name: r.name });
    case 'map':
      return t(r.action === 'rebuild' ? 'watchdog.map.rebuild' : 'watchdog.map.repaint');
    case 'stream':
      return t('watchdog.stream');
    case 'data':
      return t('watchdog.data', {
        name: t(r.name === 'kpis' ? 'watchdog.data.kpis' : 'watchdog.data.other'),
      });
  }
}

/** Reloads the page every day at `at` (district time), once config.json answers. */
function useDailyReload(at: string | null, timeZone: string): void {
  useEffect(() => {
    if (!at) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let due = 0;
    // A long timer drifts on a PC that sleeps: aimed again at most an hour ahead.
    const arm = () => {
      const ms = msUntil(at, timeZone, Date.now());
      due = Date.now() + ms;
      timer = setTimeout(ms > HOUR ? arm : reload, Math.min(ms, HOUR));
    };
    const reload = async () => {
      // Only if the page would come back: reloaded while the server is away, a wall would
      // stay on the start-up error page. Tried each minute for an hour, then tomorrow.
      try {
        const res = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        await res.json();
      } catch (e) {
        console.info(`${LOG_PREFIX} daily reload held: config.json did not answer (${String(e)})`);
        if (Date.now() - due < HOUR) timer = setTimeout(reload, 60_000);
        else arm();
        return;
      }
      console.info(`${LOG_PREFIX} daily reload at ${at}, back to ${window.location.search}`);
      // The address follows the stores within 300 ms (state/url.ts): it names this view.
      timer = setTimeout(() => window.location.reload(), 400);
    };
    arm();
    return () => clearTimeout(timer);
  }, [at, timeZone]);
}

export function Watchdog({ placement }: { placement: 'wall' | 'desk' }) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { config } = useApi();
  const queryClient = useQueryClient();
  const { events } = usePipeline();
  const [lines, setLines] = useState<Line[]>([]);
  const { watchdogMs, dailyReload } = config.wall;

  useEffect(() => {
    const scratch = document.createElement('canvas');
    const checks = new Checks({
      charts: () => health.charts,
      maps: () => health.maps,
      stream: () => health.stream,
      connection: () => events.store.getState().connection,
      queries: () => watchedQueries(queryClient),
      heartbeatMs: config.streamHeartbeatMs,
      chartDraws: (el) => chartDraws(el, scratch),
      mapDraws: (el) => mapDraws(el, scratch),
      now: () => performance.now(),
      clock: () => Date.now(),
      log: (m) => console.info(m),
    });
    const timer = setInterval(() => {
      const repairs = checks.check();
      if (repairs.length === 0) return;
      const at = Date.now();
      setLines((old) => [...repairs.map((repair) => ({ at, repair })), ...old].slice(0, LINES));
    }, watchdogMs);
    return () => clearInterval(timer);
  }, [queryClient, events, watchdogMs, config.streamHeartbeatMs]);

  useDailyReload(dailyReload, config.timeZone);

  // A notice nobody dismissed goes an hour after its latest repair.
  const latest = lines[0]?.at;
  useEffect(() => {
    if (latest === undefined) return;
    const timer = setTimeout(() => setLines([]), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [latest]);

  const persisting = lines.find((l) => l.repair.times >= 2);
  return (
    <div className={`watchdog watchdog--${placement}`}>
      <div className="watchdog__status" role="status" aria-label={t('watchdog.region')}>
        {lines.length > 0 && (
          <>
            <p className="watchdog__title">{t('watchdog.title')}</p>
            <ul className="watchdog__lines">
              {lines.map((l, i) => (
                <li key={`${l.at}-${i}`}>
                  {t('watchdog.line', { time: formatClock(locale, l.at), text: describe(t, l.repair) })}
                </li>
              ))}
            </ul>
            {persisting && (
              <p className="watchdog__persists">
                {t('watchdog.persists', { times: persisting.repair.times })}
              </p>
            )}
            {persisting && dailyReload && (
              <p className="watchdog__persists">{t('watchdog.reloadAt', { time: dailyReload })}</p>
            )}
          </>
        )}
      </div>
      {lines.length > 0 && (
        <button
          type="button"
          className="watchdog__dismiss"
          aria-label={t('watchdog.dismissLabel')}
          onClick={() => setLines([])}
        >
          {t('watchdog.dismiss')}
        </button>
      )}
    </div>
  );
}
