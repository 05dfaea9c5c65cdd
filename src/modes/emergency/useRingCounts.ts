/**
 * The data behind the ring counts: every layer that declares ring roles, whatever is on.
 * Feature layers through the one features loader, narrowed to the outer ring's bounding
 * box (`bbox=`); a regions layer from the regions loader; an events layer from the events
 * the app holds (with the operator's waiting actions applied). Refreshed with the layers;
 * a failed request keeps the last counts.
 */
import { type UseQueryResult, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { RingRole } from '../../../layers/kit/define';
import type { LngLat } from '@ioc/contract/contract';
import { useApi } from '../../api/context';
import { convertPoint } from '../../api/crs';
import { useDataCrs, useRegions } from '../../api/queries';
import { currentProblem } from '../../panels/describeProblem';
import { useCatalogEntries } from '../../catalog/entries';
import { scopedEvents, useRegionTree } from '../../catalog/eventData';
import {
  type FeatureQuery,
  featureQueryKey,
  holdsFeatures,
  loadFeatures,
  sourceCrs,
} from '../../catalog/layerData';
import { useReplayVersions } from '../../catalog/replayVersions';
import type { Parsed } from '../../api/features';
import { bboxAround } from '../../panels/events/nearby';
import { useReplayEvents } from '../../panels/events/replayEvents';
import { useActionQueue, useEvents } from '../../pipeline/context';
import type { QueuedAction } from '../../pipeline/actions';
import { countRings, type RingCount, type RingFeature, type RingInput, residentsOf } from './ringCounts';

/** Re-run by TanStack Query only when a query's result changes: a stable array in between. */
const NO_ACTIONS: QueuedAction[] = [];

const combine = (results: UseQueryResult<Parsed>[]) => ({
  data: results.map((r) => r.data),
  problem: results.map(currentProblem).find((p) => p !== null) ?? null,
});

export function useRingCounts(incident: { id: string; location: LngLat } | null, radiiM: readonly number[]) {
  const { client, config } = useApi();
  const dataCrs = useDataCrs();
  const { entries } = useCatalogEntries();
  const defs = useMemo(
    () => entries.map((e) => e.def).filter((d) => (d.roles?.rings?.length ?? 0) > 0),
    [entries],
  );
  const columns = useMemo(
    (): RingRole[] => defs.flatMap((d) => d.roles?.rings ?? []).sort((a, b) => a.rank - b.rank),
    [defs],
  );
  const featureDefs = useMemo(() => defs.filter(holdsFeatures), [defs]);
  // In a replay, a layer with a version kept for the moment is counted as of it; the columns
  // of the others say they count current data.
  const { versions, current } = useReplayVersions(featureDefs);
  const currentKeys = useMemo(
    () => new Set(current.flatMap((d) => (d.roles?.rings ?? []).map((r) => r.key))),
    [current],
  );
  const outer = radiiM[radiiM.length - 1] ?? 0;
  const lng = incident?.location[0];
  const lat = incident?.location[1];
  // The incident where each layer's features are: the API's CRS, or a user file's own.
  const centerIn = useMemo(
    () =>
      (crs: Parameters<typeof convertPoint>[2] | undefined): LngLat | null =>
        lng === undefined || lat === undefined || !dataCrs || !crs
          ? null
          : convertPoint([lng, lat], dataCrs, crs),
    [lng, lat, dataCrs],
  );
  const features = useQueries({
    combine,
    queries: featureDefs.map((def) => {
      const center = centerIn(sourceCrs(def, dataCrs));
      const bbox = center ? bboxAround(center, outer * 1.05) : undefined;
      const asOf = versions?.[def.id];
      const q: FeatureQuery = { bbox, asOf };
      return {
        queryKey: featureQueryKey(def, q),
        enabled: bbox !== undefined,
        staleTime: config.refresh.layersMs,
        // A past version does not change.
        refetchInterval: asOf ? (false as const) : config.refresh.layersMs,
        queryFn: ({ signal }: { signal: AbortSignal }) => loadFeatures(client, def, q, signal),
      };
    }),
  });
  const streets = useRegions('street');
  const communities = useRegions('community');
  const version = useEvents((s) => s.version);
  const live = useEvents((s) => s.byId);
  const waiting = useActionQueue((s) => s.queue);
  // In a replay, the events of the replayed moment, with nothing of today's waiting actions.
  const replayed = useReplayEvents()?.byId;
  const byId = replayed ?? live;
  const queued = replayed ? NO_ACTIONS : waiting;
  const tree = useRegionTree();

  const featureData = features.data;
  const ready =
    featureData.every((d) => d !== undefined) && streets.data !== undefined && communities.data !== undefined;
  // Layers and regions: unchanged by the stream. The regions loader serves the basemap's
  // CRS; the finest level a regions layer lists is the one counted.
  const held = useMemo((): RingInput[] | null => {
    if (!ready) return null;
    const out: RingInput[] = [];
    for (const def of defs) {
      const columns = def.roles?.rings ?? [];
      const data = holdsFeatures(def) ? featureData[featureDefs.indexOf(def)] : undefined;
      const center = centerIn(def.source.kind === 'regions' ? config.basemap.crs : sourceCrs(def, dataCrs));
      if (!center) continue;
      if (data) out.push({ columns, features: data.features as RingFeature[], center });
      if (def.source.kind === 'regions') {
        const level = def.source.levels.includes('community') ? communities.data : streets.data;
        out.push({ columns, features: (level?.features ?? []) as RingFeature[], center });
      }
    }
    return out;
  }, [ready, defs, featureDefs, featureData, streets.data, communities.data, centerIn, config, dataCrs]);
  // Residents are the costly part and do not change with events: once per place and areas.
  const residents = useMemo(() => (held ? residentsOf(radiiM, held) : null), [held, radiiM]);
  // Events, as the feed shows them (waiting actions applied); `version` marks a new batch.
  const eventInputs = useMemo((): RingInput[] => {
    const center = centerIn(dataCrs);
    if (!center || version < 0) return [];
    const features = scopedEvents(byId.values(), queued, null, tree).map((e) => ({
      geometry: { type: 'Point' as const, coordinates: e.location },
      properties: e as unknown as Record<string, unknown>,
    }));
    return defs
      .filter((d) => d.source.kind === 'events')
      .map((d) => ({ columns: d.roles?.rings ?? [], features, center }));
  }, [defs, centerIn, dataCrs, byId, version, queued, tree]);
  const counts = useMemo(
    (): RingCount[] | null =>
      held && residents && incident
        ? countRings(radiiM, [...held, ...eventInputs], incident.id, residents)
        : null,
    [held, eventInputs, residents, incident, radiiM],
  );
  const problem = features.problem ?? currentProblem(streets);
  return { counts, columns, currentKeys, problem };
}
