import { useEffect, useState } from 'react';
import { replayMoment, useClockStore } from '../../state/clock';

/**
 * The current time, refreshed every `everyMs`: ages and deadlines move without new data.
 * Replaying, it is the replayed moment: an event's age and deadline as they read then.
 */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  const replayed = useClockStore(replayMoment);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return replayed ?? now;
}
