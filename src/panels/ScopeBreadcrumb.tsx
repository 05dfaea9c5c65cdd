/**
 * Where the app is scoped: district › street › community, names from GET /regions. Each
 * crumb is a button that scopes back up to it; the last one is the current scope.
 */
import { useT } from '../i18n';
import { useScopeStore } from '../state/scope';
import { useRegionIndex } from './kpi/useRegionIndex';
import './ScopeBreadcrumb.css';

interface Crumb {
  /** The scope the crumb sets: null is the whole district. */
  scope: string | null;
  name: string;
}

export function ScopeBreadcrumb() {
  const t = useT();
  const scope = useScopeStore((s) => s.regionId);
  const setScope = useScopeStore((s) => s.setScope);
  const regions = useRegionIndex();
  const chain = regions.chain(scope);
  const crumbs: Crumb[] =
    chain.length > 0
      ? chain.map((p) => ({ scope: p.level === 'district' ? null : p.id, name: regions.name(p.id) }))
      : // Names not loaded (or an unknown id from a shared URL): still say where we are.
        [{ scope: null, name: t('scope.district') }, ...(scope ? [{ scope, name: scope }] : [])];
  if (chain.length > 0 && chain[0]?.level !== 'district')
    crumbs.unshift({ scope: null, name: t('scope.district') });

  return (
    <nav className="scope-crumbs" aria-label={t('scope.breadcrumb')}>
      <ol>
        {crumbs.map((c, i) => {
          const current = i === crumbs.length - 1;
          return (
            <li key={c.scope ?? 'district'}>
              <button
                type="button"
                className="scope-crumbs__crumb"
                aria-current={current ? 'location' : undefined}
                onClick={() => setScope(c.scope)}
              >
                {c.name}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
