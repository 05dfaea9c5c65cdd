/**
 * The events as they were at the replayed moment, for the feed, the map and the detail:
 * one TanStack query per (region, moment, window), so every view shares one request and a
 * moment already seen is not fetched again. Retries back off like every other query
 * (main.tsx's defaults); the previous moment stays on screen until the next arrives.
 * Playing forward, a moment is the one shown before plus the changes between them; a jump
 * draws from its first answers before the rest of the settled window arrives.
 */
import { experimental_streamedQuery, keepPreviousData, useQuery } from '@tanstack/react-query';
import { CHANGES_RANGE_MAX_MS, type IocEvent } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import type { ApiClient } from '../../api/client';
import { useApi } from '../../api/context';
import { setHistoryFrom, replayMoment, useClockStore } from '../../state/clock';
import { boundRegionOf } from './boundRegion';

export interface ReplayEvents {
  byId: ReadonlyMap<string, IocEvent>;
  /** The moment these events are of (ms): a new one means a new picture. */
  moment: number | null;
  phase: 'loading' | 'ready' | 'failed';
  /** Drawn from the first answers; the rest of the settled window is on its way. */
  more: boolean;
  problem: unknown;
}

const NONE: ReadonlyMap<string, IocEvent> = new Map();
/** As the query's staleTime: a base older than this may have missed a late report. */
const BASE_FRESH_MS = 60_000;

/**
 * The last replayed set read, per API client (one per app, and one per test): the base the
 * next forward step applies changes to.
 */
const shownBy = new WeakMap<
  ApiClient,
  { key: string; moment: number; readAt: number; byId: ReadonlyMap<string, IocEvent> }
>();

/** The replay's reading code arrives with the first replayed moment, never on a live first frame. */
const replayApi = () => Promise.all([import('../../api/replay'), import('../../api/replayChanges')]);

/**
 * The set at a moment, as it arrives: playing forward, the one shown plus the changes; else
 * read whole, first every open event and the latest settled, then the rest of the window.
 */
async function* readMoment(
  client: ApiClient,
  q: { region: string | null; at: number; window: 'at' | number },
  signal: AbortSignal,
): AsyncGenerator<ReadonlyMap<string, IocEvent>> {
  const { region, at } = q;
  const since = q.window === 'at' ? null : at - q.window * 3600_000;
  const key = `${region}|${q.window}`;
  const [{ eventsAsOf }, { advanceReplayed, fetchChanges }] = await replayApi();
  const base = shownBy.get(client);
  const forward =
    base !== undefined &&
    base.key === key &&
    useClockStore.getState().playing &&
    at > base.moment &&
    at - base.moment <= CHANGES_RANGE_MAX_MS &&
    Date.now() - base.readAt < BASE_FRESH_MS;
  const changes = forward
    ? await fetchChanges(
        client,
        { from: formatIso(base.moment), to: formatIso(at), region },
        signal,
        setHistoryFrom,
      )
    : null;
  const show = (byId: ReadonlyMap<string, IocEvent>) => {
    shownBy.set(client, { key, moment: at, readAt: Date.now(), byId });
    return byId;
  };
  if (base && changes) {
    yield show(advanceReplayed(base.byId, changes, since));
    return;
  }
  const request = { asOf: formatIso(at), region, since: since === null ? null : formatIso(since) };
  for await (const byId of eventsAsOf(client, request, signal, setHistoryFrom)) yield show(byId);
}

/** The replayed events; null while live (read the live store instead). */
export function useReplayEvents(): ReplayEvents | null {
  const { client, config } = useApi();
  const moment = useClockStore(replayMoment);
  const window = useClockStore((s) => s.window);
  const region = boundRegionOf(config);
  const query = useQuery({
    queryKey: ['events-as-of', region, moment, window],
    // Streamed (TanStack's experimental helper): the first answers draw while the rest of the
    // settled window arrives; each step is the whole set so far.
    queryFn: experimental_streamedQuery<ReadonlyMap<string, IocEvent>, ReadonlyMap<string, IocEvent>>({
      streamFn: ({ signal }) => readMoment(client, { region, at: moment as number, window }, signal),
      reducer: (_shown, next) => next,
      initialValue: NONE,
      refetchMode: 'replace',
    }),
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
    more: query.data !== undefined && !query.isPlaceholderData && query.fetchStatus === 'fetching',
    problem: query.error ?? query.failureReason,
  };
}

/**
 * The selected event as it was at the replayed moment (GET /events/{id}?asOf=): also one the
 * bounded set left out. The set's copy stands in while it loads; null: not known then.
 */
export function useReplayedEvent(id: string | null, fromSet: IocEvent | undefined): IocEvent | null {
  const { client, config } = useApi();
  const moment = useClockStore(replayMoment);
  const region = boundRegionOf(config);
  const query = useQuery({
    queryKey: ['event-as-of', region, id, moment],
    queryFn: async ({ signal }) =>
      (await replayApi())[1].fetchEventAsOf(
        client,
        { id: id as string, asOf: formatIso(moment as number), region },
        signal,
      ),
    enabled: moment !== null && id !== null,
    staleTime: 60_000,
  });
  return query.data === undefined ? (fromSet ?? null) : query.data;
}
