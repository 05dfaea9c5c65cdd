/** One layer in the catalog: its toggle, state, count and, when on, opacity, order, legend and filters. */
import { text } from '../../../layers/kit/define';
import { type CatalogEntry, replayVersion } from '../../catalog/entries';
import { replayMoment, useClockStore } from '../../state/clock';
import { legendOf } from '../../catalog/legend';
import type { ShownLayer } from '../../catalog/shown';
import { formatTime, useT } from '../../i18n';
import { useLayersStore } from '../../state/layers';
import { useUiStore } from '../../state/ui';
import { describeProblem } from '../describeProblem';
import { LayerFilters } from './LayerFilters';
import { Legend } from './Legend';
import { RemoveLayer } from './MyLayers';
import '../bounds.css';
import './LayerRow.css';

export interface LayerRowProps {
  entry: CatalogEntry;
  /** What the map shows of it, while it is on. */
  shown: ShownLayer | undefined;
  isFirst: boolean;
  isLast: boolean;
}

export function LayerRow({ entry, shown: data, isFirst, isLast }: LayerRowProps) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const theme = useUiStore((s) => s.theme);
  const { def, info } = entry;
  const on = useLayersStore((s) => s.on.includes(def.id));
  const opacity = useLayersStore((s) => s.opacity[def.id] ?? 1);
  const filters = useLayersStore((s) => s.filters[def.id]);
  const { setOn, setOpacity, move } = useLayersStore.getState();
  const title = info && locale === 'zh-CN' ? info.title : text(locale, def.title);
  const shown = on ? data?.shown : undefined;
  const total = info?.count ?? (on ? data?.total : undefined);
  const headingId = `layer-${def.id}`;
  const replaying = useClockStore(replayMoment) !== null;
  // Drawn from tiles (current only) while on; off, a layer that names tiles is taken as drawn so.
  const version = replayVersion(info, data ? data.tiled : info?.tiles !== undefined);
  return (
    <li className={`layer-row${on ? ' layer-row--on' : ''}`} aria-labelledby={headingId}>
      <div className="layer-row__head">
        <label className="layer-row__toggle">
          <input type="checkbox" checked={on} onChange={(e) => setOn(def.id, e.target.checked)} />
          <span id={headingId}>{title}</span>
        </label>
        {total !== undefined && (
          <span className="layer-row__count">
            {shown !== undefined && shown !== total
              ? t('catalog.countOf', {
                  shown: shown.toLocaleString(locale),
                  total: total.toLocaleString(locale),
                })
              : t('catalog.count', { count: total.toLocaleString(locale) })}
          </span>
        )}
      </div>
      <div className="layer-row__meta">
        {info && <span>{t('catalog.updated', { time: formatTime(locale, info.updatedAt) })}</span>}
        {info && replaying && version && (
          <span className="layer-row__version" title={t('catalog.replayVersionHint')}>
            {t('catalog.replayVersion', { time: formatTime(locale, version.validFrom) })}
            <span className="visually-hidden">{t('catalog.replayVersionHint')}</span>
          </span>
        )}
        {info && replaying && !version && (
          // Nothing on screen mixes times without saying so: this layer is today's.
          <span className="layer-row__current" title={t('catalog.replayCurrent')}>
            {t('catalog.replayCurrentTag')}
            <span className="visually-hidden">{t('catalog.replayCurrent')}</span>
          </span>
        )}
        {/* A problem says itself and its retry below: "loading" above it read as a third state. */}
        {on && data?.loading && data.problem === null && <span role="status">{t('catalog.loading')}</span>}
        {on && data && data.skipped > 0 && (
          <span className="layer-row__warn">{t('catalog.skipped', { count: data.skipped })}</span>
        )}
      </div>
      {on && data && data.problem !== null && (
        <p className="layer-row__problem" role="alert">
          {describeProblem(t, data.problem)}
        </p>
      )}
      {on && (
        <div className="layer-row__body">
          <div className="layer-row__controls">
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              aria-label={t('catalog.opacity', { layer: title })}
              onChange={(e) => setOpacity(def.id, Number(e.target.value))}
            />
            <button
              type="button"
              disabled={isLast}
              aria-label={t('catalog.up', { layer: title })}
              onClick={() => move(def.id, 1)}
            >
              ▲
            </button>
            <button
              type="button"
              disabled={isFirst}
              aria-label={t('catalog.down', { layer: title })}
              onClick={() => move(def.id, -1)}
            >
              ▼
            </button>
            {def.source.kind === 'local' && <RemoveLayer id={def.id} title={title} />}
          </div>
          <Legend
            legend={legendOf(entry, theme, locale, filters)}
            label={t('catalog.legend', { layer: title })}
          />
          <LayerFilters
            layerId={def.id}
            specs={def.filters}
            locale={locale}
            label={t('catalog.filters', { layer: title })}
          />
        </div>
      )}
    </li>
  );
}
