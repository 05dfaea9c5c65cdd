/**
 * The events as they were at the replayed moment, for the feed, the map and the detail:
 * one TanStack query per (region, moment, window), so every view shares one request and a
 * moment already seen is not fetched again. Retries back off like every other query
 * (main.tsx's defaults); the previous moment stays on screen until the next arrives.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { IocEvent } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import { useApi } from '../../api/context';
import { fetchEventsAsOf } from '../../api/replay';
import { setHistoryFrom, replayMoment, useClockStore } from '../../state/clock';
import { boundRegionOf } from './boundRegion';

export interface ReplayEvents {
  byId: ReadonlyMap<string, IocEvent>;
  /** The moment these events are of (ms): a new one means a new picture. */
  moment: number | null;
  phase: 'loading' | 'ready' | 'failed';
  problem: unknown;
}

const NONE: ReadonlyMap<string, IocEvent> = new Map();

/** The replayed events; null while live (read the live store instead). */
export function useReplayEvents(): ReplayEvents | null {
  const { client, config } = useApi();
  const moment = useClockStore(replayMoment);
  const window = useClockStore((s) => s.window);
  const region = boundRegionOf(config);
  const query = useQuery({
    queryKey: ['events-as-of', region, moment, window],
    queryFn: ({ signal }) => {
      const at = moment as number;
      const since = window === 'at' ? null : formatIso(at - window * 3600_000);
      return fetchEventsAsOf(client, { asOf: formatIso(at), region, since }, signal, setHistoryFrom);
    },
    enabled: moment !== null,
    placeholderData: keepPreviousData,
    // The past does not change; a moment near now may, and is asked again after a minute.
    staleTime: 60_000,
  });
  if (moment === null) return null;
  return {
    byId: query.data ?? NONE,
    moment: query.data ? moment : null,
    phase: query.isError && !query.data ? 'failed' : query.data ? 'ready' : 'loading',
    problem: query.error ?? query.failureReason,
  };
}
