/**
 * The layer catalog: every layer from GET /layers and layers/, in groups, searchable.
 * Built to stay usable with the real platform's 380 layers: groups fold, search narrows,
 * and no layer loads data until it is turned on.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { text } from '../../../layers/kit/define';
import type { CatalogEntry } from '../../catalog/entries';
import type { ShownLayer } from '../../catalog/shown';
import { useT } from '../../i18n';
import { useLayersStore } from '../../state/layers';
import { useUiStore } from '../../state/ui';
import { currentProblem, describeProblem } from '../describeProblem';
import { LayerRow } from './LayerRow';
import { MyLayers } from './MyLayers';
import './LayerCatalog.css';

export interface LayerCatalogProps {
  entries: CatalogEntry[];
  catalogQuery: { error: unknown; failureReason: unknown; data: unknown };
  /** What is shown of the layers that are on (counts, loading, problems). */
  shown: Map<string, ShownLayer>;
}

/** Fold groups by default only when there are too many layers to scan at once. */
const OPEN_GROUPS_UP_TO = 40;

export function LayerCatalog({ entries, catalogQuery, shown }: LayerCatalogProps) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const on = useLayersStore((s) => s.on);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim().toLowerCase());
  const titleOf = (e: CatalogEntry) =>
    e.info && locale === 'zh-CN' ? e.info.title : text(locale, e.def.title);
  const groupOf = (e: CatalogEntry) =>
    e.info && locale === 'zh-CN' ? e.info.group : text(locale, e.def.group);

  const groups = useMemo(() => {
    const out = new Map<string, CatalogEntry[]>();
    for (const e of entries) {
      const hay =
        `${titleOf(e)} ${text('zh-CN', e.def.title)} ${text('en', e.def.title)} ${e.def.id}`.toLowerCase();
      if (deferred && !hay.includes(deferred)) continue;
      const g = groupOf(e);
      out.set(g, [...(out.get(g) ?? []), e]);
    }
    return [...out.entries()];
  }, [entries, deferred, locale]);

  const problem = currentProblem(catalogQuery);
  const openAll = entries.length <= OPEN_GROUPS_UP_TO || deferred.length > 0;
  return (
    <section className="catalog" aria-labelledby="catalog-title">
      <h2 id="catalog-title" className="panel-title">
        {t('catalog.title')}
      </h2>
      <MyLayers />
      <input
        type="search"
        className="catalog__search"
        value={query}
        placeholder={t('catalog.searchPlaceholder')}
        aria-label={t('catalog.search')}
        onChange={(e) => setQuery(e.target.value)}
      />
      {problem !== null && (
        <p className="layer-row__problem" role="alert">
          {t('catalog.catalogError', { message: describeProblem(t, problem) })}
        </p>
      )}
      {groups.length === 0 && <p className="catalog__empty">{t('catalog.noMatch', { query })}</p>}
      {groups.map(([group, members]) => (
        <details key={group} className="catalog__group" open={openAll}>
          <summary>
            {group}
            <span className="catalog__group-count">
              {t('catalog.groupCount', {
                on: members.filter((m) => on.includes(m.def.id)).length,
                total: members.length,
              })}
            </span>
          </summary>
          <ul className="catalog__list" aria-label={group}>
            {members.map((e) => (
              <LayerRow
                key={e.def.id}
                entry={e}
                shown={shown.get(e.def.id)}
                isFirst={on.indexOf(e.def.id) === 0}
                isLast={on.indexOf(e.def.id) === on.length - 1}
              />
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
