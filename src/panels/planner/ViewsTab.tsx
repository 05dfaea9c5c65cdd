/** Saved views: name the current layers, filters, scope and camera; reopen or share them. */
import { type FormEvent, useId, useState } from 'react';
import { useT } from '../../i18n';
import {
  applyView,
  captureView,
  deleteView,
  loadViews,
  type SavedView,
  saveView,
} from '../../state/savedViews';
import { formatUrlState } from '../../state/url';
import { useUiStore } from '../../state/ui';
import { usePlannerData } from './usePlannerData';
// The name field and a view's link field look like the catalog's search field.
import '../catalog/LayerCatalog.css';

/** The address that opens this view in the planner. */
export function shareUrl(view: SavedView, locale: 'zh-CN' | 'en', theme: 'dark' | 'light'): string {
  const search = formatUrlState(
    {
      mode: 'planner',
      locale,
      theme,
      camera: view.camera,
      scope: view.scope,
      layers: { on: view.on, opacity: view.opacity, filters: view.filters },
      scene: null,
      emergency: false,
      event: null,
    },
    '',
  );
  return `${window.location.origin}${window.location.pathname}${search}`;
}

export function ViewsTab() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const theme = useUiStore((s) => s.theme);
  const { names } = usePlannerData();
  const [views, setViews] = useState(loadViews);
  const [name, setName] = useState('');
  const [shared, setShared] = useState<string | null>(null);
  const inputId = useId();

  const onSave = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    setViews(saveView(captureView(n)));
    setName('');
  };
  const onShare = (v: SavedView) => {
    const url = shareUrl(v, locale, theme);
    setShared(v.name);
    void navigator.clipboard?.writeText(url).catch(() => undefined);
  };

  return (
    <section aria-labelledby="planner-views-title">
      <h3 id="planner-views-title" className="planner__h">
        {t('planner.views.title')}
      </h3>
      <form className="planner__tools" onSubmit={onSave}>
        <label htmlFor={inputId} className="planner__muted">
          {t('planner.views.name')}
        </label>
        <input
          id={inputId}
          className="catalog__search planner__input"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="switch" disabled={!name.trim()}>
          {t('planner.views.save')}
        </button>
      </form>
      {views.length === 0 && <p className="planner__muted">{t('planner.views.none')}</p>}
      <ul className="planner__views" aria-label={t('planner.views.title')}>
        {views.map((v) => (
          <li key={v.name} className="planner__view">
            <div>
              <strong>{v.name}</strong>
              <span className="planner__muted">
                {' '}
                {t('planner.views.summary', {
                  layers: v.on.length,
                  scope: v.scope ? (names.get(v.scope) ?? v.scope) : t('planner.views.district'),
                })}
              </span>
            </div>
            <div className="planner__tools">
              <button
                type="button"
                className="switch"
                aria-label={t('planner.views.open', { name: v.name })}
                onClick={() => applyView(v)}
              >
                {t('planner.views.open', { name: '' }).trim()}
              </button>
              <button
                type="button"
                className="switch"
                aria-label={t('planner.views.share', { name: v.name })}
                onClick={() => onShare(v)}
              >
                🔗
              </button>
              <button
                type="button"
                className="switch"
                aria-label={t('planner.views.delete', { name: v.name })}
                onClick={() => setViews(deleteView(v.name))}
              >
                ✕
              </button>
            </div>
            {shared === v.name && (
              <input
                className="catalog__search"
                readOnly
                aria-label={t('planner.views.link', { name: v.name })}
                value={shareUrl(v, locale, theme)}
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
