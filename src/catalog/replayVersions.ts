/**
 * In a replay, how each layer whose features are loaded answers for the moment: as the kept
 * version the catalog names for it (GET /layers?asOf=), or as current data, which whatever
 * shows it must say (nothing on screen mixes times silently). Live: nothing to say.
 */
import { formatIso } from '@ioc/domain/time';
import { useMemo } from 'react';
import { replayMoment, useClockStore } from '../state/clock';
import { replayVersion, useCatalogEntries } from './entries';
import type { ReplayedVersion } from './layerData';
import type { AnyLayer } from './registry';

export interface ReplayVersions {
  /** The layers asked as of the moment, by id; undefined while live. */
  versions: Readonly<Record<string, ReplayedVersion>> | undefined;
  /** The layers of `defs` shown as current data during the replay (none while live). */
  current: AnyLayer[];
}

const LIVE: ReplayVersions = { versions: undefined, current: [] };

/** `defs`: layers whose features are loaded (not tiles: those are current only, and say so elsewhere). */
export function useReplayVersions(defs: readonly AnyLayer[]): ReplayVersions {
  const { byId } = useCatalogEntries();
  const moment = useClockStore(replayMoment);
  return useMemo(() => {
    if (moment === null) return LIVE;
    const versions: Record<string, ReplayedVersion> = {};
    const current: AnyLayer[] = [];
    for (const d of defs) {
      const v = replayVersion(byId.get(d.id)?.info, false);
      if (v) versions[d.id] = { at: formatIso(moment), validFrom: v.validFrom };
      // A file the user opened has no past: it is what it is, not "current data".
      else if (d.source.kind === 'features') current.push(d);
    }
    return { versions, current };
  }, [moment, defs, byId]);
}
