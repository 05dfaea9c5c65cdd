/**
 * The demo's layer history (issue 22): the demolition boundaries were revised at 10:00
 * (Beijing) the day before the world began, inside the days a replay of the demo covers, and
 * the version they replaced is kept, valid from the layers' first load (LAYER_EPOCH_MS). The
 * server's seed writes the same history (server/seed/load.ts), so both answer ?asOf= alike.
 * Other layers kept no versions: as of any moment they answer with current data, saying so.
 */
import type { Feature } from '@ioc/contract/contract';
import { DEMOLITION_STAGES } from '@ioc/domain/layerFacts';
import { DAY, HOUR, LAYER_EPOCH_MS } from '@ioc/domain/time';
import type { AnyProps, LayerId } from './layers';
import { World } from './world';

/** China has one offset and no summer time. */
const BEIJING = 8 * HOUR;

/** When the demolition layer was revised for a world begun at `now`; null when that is not after the layers' load. */
export function demolitionRevisedAt(now: number): number | null {
  const day = Math.floor((now + BEIJING) / DAY) * DAY - BEIJING;
  const at = day - DAY + 10 * HOUR;
  return at > LAYER_EPOCH_MS ? at : null;
}

/**
 * The boundaries as they were before the revision, derived from the current ones so both
 * homes agree: every tenth boundary was drawn by the revision (absent before), and every
 * tenth from the fifth on had not yet reached its present stage.
 */
export function demolitionBefore(current: readonly Feature<AnyProps>[]): Feature<AnyProps>[] {
  const out: Feature<AnyProps>[] = [];
  current.forEach((f, i) => {
    if (i % 10 === 9) return;
    const stage = DEMOLITION_STAGES.indexOf(f.properties.stage as (typeof DEMOLITION_STAGES)[number]);
    out.push(
      i % 10 === 4 && stage > 0
        ? { ...f, properties: { ...f.properties, stage: DEMOLITION_STAGES[stage - 1] } }
        : f,
    );
  });
  return out;
}

/** A kept version: valid over [validFrom, validTo), its features indexed as the current ones are. */
export interface KeptVersion {
  validFrom: number;
  validTo: number;
  world: World;
}

/** The version that answers for a moment: a kept one, or the current one (validTo null). */
export interface VersionAt {
  validFrom: number;
  validTo: number | null;
  world: World;
}

export class LayerHistory {
  private readonly revisedAt: number | null;
  private kept: KeptVersion | undefined;

  constructor(
    private readonly world: World,
    now: number,
  ) {
    this.revisedAt = demolitionRevisedAt(now);
  }

  /** The current version's load time. */
  updatedAt(id: LayerId): number {
    return id === 'demolition' && this.revisedAt !== null ? this.revisedAt : LAYER_EPOCH_MS;
  }

  /** The newest load of any layer (GET /meta's dataUpdatedAt). */
  latestLoad(): number {
    return this.revisedAt ?? LAYER_EPOCH_MS;
  }

  /** The layer's kept versions, oldest first (generated on first use). */
  versions(id: LayerId): KeptVersion[] {
    if (id !== 'demolition' || this.revisedAt === null) return [];
    const w = this.world;
    this.kept ??= {
      validFrom: LAYER_EPOCH_MS,
      validTo: this.revisedAt,
      world: new World(w.regions, w.seed, w.layerScale, (l) =>
        l === 'demolition' ? demolitionBefore(w.layer('demolition').features) : undefined,
      ),
    };
    return [this.kept];
  }

  /**
   * Which version answers for `at`: a kept one whose range holds it, or the current one from
   * its load on. Null where the layer kept no versions, or none that old: current data then.
   */
  versionAt(id: LayerId, at: number): VersionAt | null {
    const kept = this.versions(id);
    if (kept.length === 0) return null;
    const hit = kept.find((v) => v.validFrom <= at && at < v.validTo);
    if (hit) return hit;
    const from = this.updatedAt(id);
    return at >= from ? { validFrom: from, validTo: null, world: this.world } : null;
  }
}
