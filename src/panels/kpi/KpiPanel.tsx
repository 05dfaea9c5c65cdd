/**
 * The frame every KPI panel shares: a named section with its heading, the "as of" time,
 * and its own loading, empty, error and stale states. The body renders inside an error
 * boundary, so a panel that throws shows why in its own box and the others keep going.
 */
import { Component, type ReactNode, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/context';
import { useT } from '../../i18n';
import { describeProblem } from '../describeProblem';
import { clip, LABEL_MAX } from '../../api/clip';
import { flagHint, FlagsContext, type PanelFlags } from './flags';
import { formatClock, useKpiFormat } from './format';
import { formatMoment } from '../../i18n/dates';
import type { KpiPanelData } from './useKpis';
import { useShowsProblem } from '../../state/shownProblems';
import './KpiPanel.css';

/** Data older than this many refresh intervals is shown as stale. */
export const STALE_AFTER_INTERVALS = 3;

/**
 * Catches a render failure of the panel's figures. New figures (`resetKey`) give a failed
 * panel a fresh try, without remounting a panel that is well: keyed by the data time, every
 * refresh disposed and set up again each chart of the panel, a new canvas per chart every
 * refresh interval, which a wall running for weeks paid for in GPU memory.
 */
class PanelBoundary extends Component<
  { resetKey: string | null; fallback: (error: Error) => ReactNode; children: ReactNode },
  { error: Error | null; resetKey: string | null }
> {
  state: { error: Error | null; resetKey: string | null } = { error: null, resetKey: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(
    props: { resetKey: string | null },
    state: { error: Error | null; resetKey: string | null },
  ) {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }
  render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/** The current time, re-read every `ms`, so a panel turns stale while nothing else changes. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function isStale(asOf: string | null, now: number, refreshMs: number): boolean {
  if (asOf === null) return false;
  return now - Date.parse(asOf) > STALE_AFTER_INTERVALS * refreshMs;
}

export interface KpiPanelProps {
  /** Unique per panel: the heading's id, so the section is named by its heading. */
  id: string;
  title: string;
  data: KpiPanelData;
  /** The panel's figures; rendered only when its indicators are valid (implausible ones flagged). */
  children: ReactNode;
}

const NONE_CLAIMED: ReadonlySet<string> = new Set();

export function KpiPanel({ id, title, data, children }: KpiPanelProps) {
  const t = useT();
  const { locale } = useKpiFormat();
  const { config } = useApi();
  const refreshMs = config.refresh.kpiMs;
  const now = useNow(Math.min(refreshMs, 10_000));
  // A replayed moment is old on purpose: not "stale".
  const stale = !data.replayed && (data.refreshFailed || isStale(data.asOf, now, refreshMs));
  const headingId = `${id}-title`;
  const loading = data.status === 'loading';
  const staleHint = data.refreshFailed
    ? t('kpi.refreshFailed', { problem: describeProblem(t, data.problem) })
    : t('kpi.staleHint', { minutes: Math.round((STALE_AFTER_INTERVALS * refreshMs) / 60_000) });
  // Implausible figures: each tile flags its own; the panel lists those no tile showed.
  const [claimed, setClaimed] = useState(NONE_CLAIMED);
  const flags = useMemo<PanelFlags>(
    () => ({
      byId: new Map(data.flagged.map((f) => [f.id, f])),
      claim: (id) => setClaimed((s) => (s.has(id) ? s : new Set(s).add(id))),
    }),
    [data.flagged],
  );
  const unclaimed = data.flagged.filter((f) => !claimed.has(f.id));
  // The header names the indicators as failing while a panel cannot show them.
  useShowsProblem('kpis', data.status === 'invalid');

  return (
    <section
      className={`kpi-panel kpi-panel--${data.status}${stale ? ' kpi-panel--stale' : ''}`}
      aria-labelledby={headingId}
      // Only while loading: `aria-busy="false"` elsewhere is how tests find the map ready.
      aria-busy={loading || undefined}
      data-kpi-panel={id}
    >
      <header className="kpi-panel__head">
        <h2 id={headingId} className="kpi-panel__title">
          {title}
        </h2>
        {data.asOf && (
          <span className="kpi-panel__asof">
            {t('kpi.asOf', {
              // A replayed moment names its day; current figures in a replay are today's.
              time:
                data.replayed && !data.current
                  ? formatMoment(locale, data.asOf)
                  : formatClock(locale, data.asOf),
            })}
          </span>
        )}
        {data.current && data.status === 'ready' && (
          // A tag, not a line: on the wall every panel keeps its height in a replay.
          <span className="kpi-panel__current" title={t('kpi.replayCurrent')}>
            {t('kpi.replayCurrentTag')}
            <span className="visually-hidden">{t('kpi.replayCurrent')}</span>
          </span>
        )}
        {stale && data.status !== 'error' && (
          <span className="kpi-panel__stale" title={staleHint}>
            {t('kpi.stale')}
            {!data.refreshFailed && <span className="visually-hidden">{staleHint}</span>}
          </span>
        )}
      </header>
      {data.refreshFailed && data.status !== 'error' && (
        // Why the figures are old, in words: the reason an operator would phone about.
        <p className="kpi-panel__note" role="status">
          {staleHint}
        </p>
      )}
      {loading && (
        <div className="kpi-panel__skeleton">
          <span className="visually-hidden">{t('kpi.loading')}</span>
          <span className="kpi-skeleton kpi-skeleton--tiles" />
          <span className="kpi-skeleton kpi-skeleton--chart" />
        </div>
      )}
      {data.status === 'error' && (
        <p className="kpi-panel__problem" role="status">
          {t('kpi.error', { problem: describeProblem(t, data.problem) })}
        </p>
      )}
      {data.status === 'invalid' && data.invalid && (
        <p className="kpi-panel__problem" role="status">
          {t('kpi.invalid', { id: clip(data.invalid.id), detail: clip(data.invalid.detail, LABEL_MAX) })}
        </p>
      )}
      {data.status === 'empty' && <p className="kpi-panel__empty">{t('kpi.empty')}</p>}
      {data.status === 'ready' && (
        // New figures get a fresh try after a render failure.
        <PanelBoundary
          resetKey={data.asOf}
          fallback={(e) => (
            <p className="kpi-panel__problem" role="status">
              {t('kpi.crash', { message: e.message })}
            </p>
          )}
        >
          <FlagsContext.Provider value={flags}>
            <div className="kpi-panel__body">{children}</div>
          </FlagsContext.Provider>
        </PanelBoundary>
      )}
      {data.status === 'ready' && unclaimed.length > 0 && (
        <ul className="kpi-panel__flags" aria-label={t('kpi.flaggedList')}>
          {unclaimed.map((f) => (
            <li key={f.id}>{flagHint(t, f)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
