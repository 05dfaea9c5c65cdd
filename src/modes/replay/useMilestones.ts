/**
 * The moments worth stepping to around the shown time (GET /milestones), for the timeline's
 * previous/next buttons. Asked for a span of days around the moment, rounded to a few hours,
 * so stepping through a night reuses one answer; the answer's X-History-From sets how far
 * back the slider reaches.
 */
import { useQuery } from '@tanstack/react-query';
import type { Milestone } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import { useApi } from '../../api/context';
import { fetchMilestones } from '../../api/replay';
import { boundRegionOf } from '../../panels/events/boundRegion';
import { setHistoryFrom } from '../../state/clock';

const HOUR = 3600_000;
/** The answer's bucket: a moment moves to a new one every so many hours. */
const BUCKET_MS = 6 * HOUR;
/** Days either side of the bucket (the API reads at most 31 days at once). */
const SPAN_MS = 3 * 24 * HOUR;
const NONE: Milestone[] = [];

export function useMilestones(around: number): Milestone[] {
  const { client, config } = useApi();
  const region = boundRegionOf(config);
  const bucket = Math.floor(around / BUCKET_MS) * BUCKET_MS;
  const query = useQuery({
    queryKey: ['milestones', region, bucket],
    queryFn: ({ signal }) => {
      // Never ahead of now: the API refuses a range that ends in the future.
      const to = Math.min(bucket + BUCKET_MS + SPAN_MS, Date.now());
      const from = Math.min(bucket - SPAN_MS, to - HOUR);
      return fetchMilestones(
        client,
        { from: formatIso(from), to: formatIso(to), region },
        signal,
        setHistoryFrom,
      );
    },
    staleTime: 60_000,
  });
  return query.data?.items ?? NONE;
}

/** The milestone just before `t` (a second's grace, so pressing twice steps on). */
export function previousMilestone(items: readonly Milestone[], t: number): Milestone | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i] as Milestone;
    if (Date.parse(m.at) < t - 1000) return m;
  }
  return null;
}

export function nextMilestone(items: readonly Milestone[], t: number): Milestone | null {
  return items.find((m) => Date.parse(m.at) > t + 1000) ?? null;
}
