/** urban-villages: 499 urban villages, 55 with telecom lines put underground (docs/DATA.md). */
import type { Feature, UrbanVillageProps } from '@ioc/contract/contract';
import { polygonAreaM2 } from '@ioc/domain/geo';
import { rngFor, shuffled } from '@ioc/domain/prng';
import { communitySampler, featureId, type GenContext, polygonFeature, positionIn, scaled } from './common';
import { villageName } from './names';
import { blobRing, footprintInside } from './shapes';

export const URBAN_VILLAGE_FIGURES = { villages: 499, undergroundLines: 55 } as const;

export function generateUrbanVillages(ctx: GenContext): Feature<UrbanVillageProps>[] {
  const rng = rngFor(ctx.seed, 'layer', 'urban-villages');
  const total = scaled(URBAN_VILLAGE_FIGURES.villages, ctx.scale);
  const underground = new Set(
    shuffled(
      rng,
      Array.from({ length: total }, (_, i) => i),
    ).slice(0, scaled(URBAN_VILLAGE_FIGURES.undergroundLines, ctx.scale)),
  );
  const sample = communitySampler(ctx);
  const features: Feature<UrbanVillageProps>[] = [];
  for (let i = 0; i < total; i++) {
    const community = sample(rng);
    const { street } = positionIn(rng, community, ctx);
    const radius = 60 + rng() * 160;
    const ring = footprintInside(
      rng,
      street,
      () => positionIn(rng, community, ctx).pos,
      (center, shrink) => blobRing(rng, center, radius * shrink),
    );
    const areaM2 = polygonAreaM2([ring.concat([ring[0] as [number, number]])]);
    features.push(
      polygonFeature(ring, {
        id: featureId('UV', i + 1, 5),
        name: villageName(rng),
        regionId: street.id,
        undergroundLines: underground.has(i),
        // Dense: 20,000–60,000 residents per km² of village, 250–600 m² of land per building.
        population: Math.max(300, Math.round(areaM2 * (0.02 + 0.04 * rng()))),
        buildings: Math.max(10, Math.round(areaM2 / (250 + 350 * rng()))),
      }),
    );
  }
  return features;
}
