/** The scene card: which scene shows, how far through it the tour is, and why it holds. */
import type { ReactNode } from 'react';
import type { WallScene } from '../../api/config';
import { useT } from '../../i18n';
import { tourProgress, useTourStore } from '../../state/tour';
import { useUiStore } from '../../state/ui';
import './TourBar.css';

export function TourBar({
  scenes,
  enabled,
  children,
}: {
  scenes: readonly WallScene[];
  enabled: boolean;
  /** Under the title: what the scene is scoped to (the wall's breadcrumb). */
  children?: ReactNode;
}) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const index = useTourStore((s) => s.index) % scenes.length;
  const paused = useTourStore((s) => s.paused);
  const scene = scenes[index];
  const dwell = scene?.dwellMs ?? 45_000;
  const percent = useTourStore((s) => Math.round(tourProgress(s, dwell) * 100));
  const state = !enabled
    ? t('modes.wall.off')
    : paused === 'alert'
      ? t('modes.wall.paused.alert')
      : paused === 'emergency'
        ? t('modes.wall.paused.emergency')
        : t('modes.wall.running');
  return (
    <section className={`tour-bar${paused ? ' is-paused' : ''}`} aria-label={t('modes.wall.scene')}>
      <div className="tour-bar__head">
        <h2 className="tour-bar__title" data-scene-id={scene?.id}>
          {scene?.title[locale]}
        </h2>
        <span className="tour-bar__count">
          {t('modes.wall.sceneOf', { n: index + 1, total: scenes.length })}
        </span>
      </div>
      {children}
      <div
        className="tour-bar__track"
        role="progressbar"
        aria-label={t('modes.wall.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="tour-bar__fill" style={{ width: `${percent}%` }} />
      </div>
      <ol className="tour-bar__dots" aria-hidden="true">
        {scenes.map((s, i) => (
          <li key={s.id} className={i === index ? 'is-current' : undefined} />
        ))}
      </ol>
      <p className="tour-bar__state" role="status">
        {state}
      </p>
    </section>
  );
}
