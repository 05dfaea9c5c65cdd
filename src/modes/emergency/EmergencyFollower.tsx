/**
 * Keeps this screen's emergency focus on the recorded switch (GET /emergency): live, asked
 * again every 15 seconds, so a wall follows the desk that switched; in replay, the state
 * recorded at the shown moment. A recorded change is followed as it comes; in between, a
 * viewer's own switch (nobody signed in, or a read-only account) stays on their screen.
 * Where nobody had switched yet (now, or at the replayed moment) the screen keeps what it
 * shows, so a shared link with `emergency=1` opens focused; stepping back from a recorded
 * switch to before any, it goes back to peacetime.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useApi } from '../../api/context';
import { fetchEmergency } from '../../api/emergency';
import { boundRegionOf } from '../../panels/events/boundRegion';
import { replayMoment, useClockStore } from '../../state/clock';
import { followRecorded } from '../../state/emergency';

/** How often a live screen asks whether someone switched (the event stream carries events only). */
export const EMERGENCY_POLL_MS = 15_000;

export function EmergencyFollower() {
  const { client, config } = useApi();
  const region = boundRegionOf(config);
  const moment = useClockStore(replayMoment);
  const query = useQuery({
    queryKey: ['emergency', region, moment],
    queryFn: ({ signal }) => fetchEmergency(client, { region, asOf: moment }, signal),
    refetchInterval: moment === null ? EMERGENCY_POLL_MS : false,
    staleTime: moment === null ? 0 : Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
  const seen = useRef<string | null>(null);
  /** Whether the screen shows a recorded switch (else the viewer's own choice, or a link's). */
  const following = useRef(false);
  const data = query.isPlaceholderData ? undefined : query.data;
  useEffect(() => {
    if (!data) return;
    const last = data.last;
    const key = `${moment === null ? 'live' : 'replay'}|${last ? `${last.at}|${last.regionId}|${last.on}` : 'none'}`;
    if (key === seen.current) return;
    seen.current = key;
    // Where nobody had switched, the screen keeps what it shows, unless it showed a record.
    if (last === null && !following.current) return;
    following.current = last !== null;
    followRecorded(data);
  }, [data, moment]);
  return null;
}
