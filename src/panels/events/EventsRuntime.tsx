/**
 * Keeps a street-bound console scoped to its street. Renders nothing; App mounts it once.
 * The live event stream and the action queue start in main.tsx with the first screen's
 * requests (src/pipeline/), not after React's first commit.
 */
import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { useScopeStore } from '../../state/scope';
import { boundRegionOf } from './boundRegion';
import { useEventRegions } from './labels';

export function EventsRuntime() {
  const { config } = useApi();
  useBoundScope(boundRegionOf(config));
  return null;
}

/** A bound console's scope is its street or one of its communities, never wider. */
function useBoundScope(bound: string | null): void {
  const scope = useScopeStore((s) => s.regionId);
  const regions = useEventRegions();
  useEffect(() => {
    if (bound === null || scope === bound) return;
    // A community's street is known once the regions have loaded; the API enforces the
    // rest whatever the UI shows.
    const outside = scope === null || (regions.streets.length > 0 && regions.parent(scope) !== bound);
    if (outside) useScopeStore.getState().setScope(bound);
  }, [bound, scope, regions]);
}
