/**
 * Starts the live event stream and the action queue once the API is known, and keeps a
 * street-bound console scoped to its street. Renders nothing; App mounts it once. Their
 * code (./startEvents.ts) is fetched beside the map's rather than before the first frame,
 * and starts the moment it arrives.
 */
import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { useScopeStore } from '../../state/scope';
import { boundRegionOf } from './boundRegion';
import { useEventRegions } from './labels';

export function EventsRuntime() {
  const { client, config } = useApi();
  const bound = boundRegionOf(config);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let stopped = false;
    void import('./startEvents').then(({ startEvents }) => {
      if (!stopped) stop = startEvents(client, bound, config.streamHeartbeatMs);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  }, [client, bound, config.streamHeartbeatMs]);
  useBoundScope(bound);
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
