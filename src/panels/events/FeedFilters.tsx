/**
 * The feed's filters as labelled selects: status, source, severity, and the area, which
 * is the shared scope (choosing a street here scopes the map and the panels too). A
 * console bound to a street offers only that street and its communities.
 */
import { useShallow } from 'zustand/react/shallow';
import { Field } from './Field';
import { EventSource, EventStatus } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { useScopeStore } from '../../state/scope';
import type { SeverityFilter, SourceFilter, StatusFilter } from './feedModel';
import { useFeedFilter } from './feedFilter';
import type { Regions } from './labels';
import './FeedFilters.css';
import './workText';

export function FeedFilters({ regions, bound }: { regions: Regions; bound: string | null }) {
  const t = useT();
  const { status, source, severity, setFilter } = useFeedFilter(
    useShallow((s) => ({ status: s.status, source: s.source, severity: s.severity, setFilter: s.setFilter })),
  );
  const scope = useScopeStore((s) => s.regionId);
  const street =
    bound ??
    (scope === null ? null : regions.level(scope) === 'street' ? scope : (regions.parent(scope) ?? null));
  const areas = bound
    ? [{ id: bound, label: regions.name(bound) }]
    : [
        { id: '', label: t('scope.district') },
        ...regions.streets.map((s) => ({ id: s.id, label: regions.name(s.id) })),
      ];
  if (street) {
    for (const c of regions.communitiesOf(street)) areas.push({ id: c.id, label: `· ${regions.name(c.id)}` });
  }
  return (
    <div className="feed-filters">
      <Field label={t('events.filter.status')}>
        <select value={status} onChange={(e) => setFilter({ status: e.target.value as StatusFilter })}>
          <option value="all">{t('events.filter.all')}</option>
          <option value="open">{t('events.filter.open')}</option>
          {EventStatus.options.map((s) => (
            <option key={s} value={s}>
              {t(`events.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('events.filter.source')}>
        <select value={source} onChange={(e) => setFilter({ source: e.target.value as SourceFilter })}>
          <option value="all">{t('events.filter.all')}</option>
          {EventSource.options.map((s) => (
            <option key={s} value={s}>
              {t(`events.source.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('events.filter.severity')}>
        <select
          value={String(severity)}
          onChange={(e) =>
            setFilter({
              severity: (e.target.value === 'all' ? 'all' : Number(e.target.value)) as SeverityFilter,
            })
          }
        >
          <option value="all">{t('events.filter.all')}</option>
          {[2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n === 4 ? t('events.severity.4') : t('events.filter.severityAtLeast', { n })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('events.filter.scope')}>
        <select
          value={scope ?? ''}
          onChange={(e) => useScopeStore.getState().setScope(e.target.value === '' ? null : e.target.value)}
        >
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
