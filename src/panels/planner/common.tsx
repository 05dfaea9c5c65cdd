/** Small pieces the planner's tabs share: loading/error line, legend, number formats, overlays. */
import type { Layer } from '@deck.gl/core';
import { useEffect } from 'react';
import type { RGBA } from '../../../layers/kit/define';
import { useT } from '../../i18n';
import { useOverlaysStore } from '../../map/overlays';
import { describeProblem } from '../describeProblem';

export const OVERLAY_OWNER = 'planner';

/** Draws this tab's result on the map while the tab is open. */
export function usePlannerOverlay(layers: Layer[]): void {
  useEffect(() => {
    useOverlaysStore.getState().setOverlay(OVERLAY_OWNER, layers);
  }, [layers]);
  useEffect(() => () => useOverlaysStore.getState().clearOverlay(OVERLAY_OWNER), []);
}

export function DataState({
  current = [],
  ...state
}: {
  loading: boolean;
  problem: unknown;
  /** Layers drawn from vector tiles: too large to load whole, so the tool leaves them out. */
  tiled?: string[];
  /** In a replay, layers that kept no version for the moment: the tool reads current data. */
  current?: string[];
}) {
  const t = useT();
  return (
    <>
      {current.length > 0 && (
        <p role="status" className="planner__current">
          {t('planner.replayCurrent', { layers: current.join(t('planner.listSep')) })}
        </p>
      )}
      <LoadState {...state} />
    </>
  );
}

function LoadState({
  loading,
  problem,
  tiled = [],
}: {
  loading: boolean;
  problem: unknown;
  tiled?: string[];
}) {
  const t = useT();
  if (tiled.length > 0 && !problem)
    return (
      <p role="status" className="planner__problem">
        {t('planner.tiled', { layers: tiled.join(t('planner.listSep')) })}
      </p>
    );
  if (problem)
    return (
      <p role="alert" className="planner__problem">
        {t('planner.error', { message: describeProblem(t, problem) })}
      </p>
    );
  if (loading) return <p className="planner__muted">{t('planner.loading')}</p>;
  return null;
}

export const rgba = (c: RGBA) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;

export function Legend({ title, items }: { title: string; items: { label: string; color: RGBA }[] }) {
  return (
    <figure className="planner__legend">
      <figcaption>{title}</figcaption>
      <ul>
        {items.map((i) => (
          <li key={i.label}>
            <span className="planner__swatch" style={{ background: rgba(i.color) }} aria-hidden="true" />
            {i.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function fmt(locale: string, n: number, digits = 0): string {
  return n.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function pct(locale: string, share: number): string {
  return share.toLocaleString(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}
