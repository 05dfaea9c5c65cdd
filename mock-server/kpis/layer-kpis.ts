/**
 * Indicators computed from the generated layers (never constants), cached per region since
 * layer data never changes: see station-kpis.ts and service-kpis.ts for the indicators.
 */
import type { Feature, Indicator } from '@ioc/contract/contract';
import type { LayerId } from '../layers';
import type { Region } from '@ioc/domain/regions';
import type { World } from '../world';
import { coveredPopulation } from '@ioc/domain/kpis/coverage';
import { pct } from '@ioc/domain/kpis/indicator';
import {
  demolitionIndicators,
  kindergartenIndicators,
  medicalIndicators,
  subcenterIndicators,
  urbanVillageIndicators,
} from './service-kpis';
import type { LayerSource } from './source';
import { selfServiceIndicators, stationIndicators } from './station-kpis';

type Coverage = Map<string, { covered: number; population: number }>;

export class LayerKpis implements LayerSource {
  private readonly cache = new Map<string, Indicator[]>();
  private coverageMaps: { existing: Coverage; all: Coverage } | undefined;

  constructor(readonly world: World) {}

  /** Layer indicators of a region (cached). */
  forRegion(region: Region): Indicator[] {
    let out = this.cache.get(region.id);
    if (!out) {
      out = [
        ...stationIndicators(this, region),
        ...selfServiceIndicators(this, region),
        ...kindergartenIndicators(this, region),
        ...demolitionIndicators(this, region),
        ...medicalIndicators(this, region),
        ...urbanVillageIndicators(this, region),
        ...subcenterIndicators(this, region),
      ];
      this.cache.set(region.id, out);
    }
    return out;
  }

  features(id: LayerId, region: Region) {
    return this.world.featuresIn(id, region);
  }

  coverage(kind: 'existing' | 'all', region: Region): number {
    if (!this.coverageMaps) {
      const kiosks = this.world.layer('kiosks').features as unknown as Feature<{ status: string }>[];
      const { regions } = this.world;
      this.coverageMaps = {
        existing: coveredPopulation(
          regions,
          kiosks.filter((k) => k.properties.status === 'existing'),
        ),
        all: coveredPopulation(regions, kiosks),
      };
    }
    let covered = 0;
    let population = 0;
    for (const [id, v] of this.coverageMaps[kind]) {
      if (this.world.regions.within(id, region.id)) {
        covered += v.covered;
        population += v.population;
      }
    }
    return pct(covered, population);
  }
}
