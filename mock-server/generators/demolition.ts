/** demolition: 270 phased and 233 project demolition boundaries (docs/DATA.md). */
import type { DemolitionProps, Feature } from '@ioc/contract/contract';
import { polygonAreaM2 } from '@ioc/domain/geo';
import { int, normal, pick, rngFor, weightedPick } from '@ioc/domain/prng';
import { DEMOLITION_STAGES } from '@ioc/domain/layerFacts';
import { communitySampler, featureId, type GenContext, polygonFeature, positionIn, scaled } from './common';
import { shortName } from './names';
import { blockRing, footprintInside } from './shapes';

export const DEMOLITION_FIGURES = { phase: 270, project: 233 } as const;
const STAGE_WEIGHTS = [30, 30, 20, 20];
const PLACE_WORDS = ['旧村', '旧工业区', '片区', '老屋村', '工业园', '城市更新单元'] as const;

export function generateDemolition(ctx: GenContext): Feature<DemolitionProps>[] {
  const rng = rngFor(ctx.seed, 'layer', 'demolition');
  const sample = communitySampler(ctx);
  const features: Feature<DemolitionProps>[] = [];
  const add = (kind: 'phase' | 'project', phaseNo: number) => {
    const community = sample(rng);
    const { street } = positionIn(rng, community, ctx);
    const [minSide, maxSide] = kind === 'phase' ? [50, 180] : [100, 320];
    const w = minSide + rng() * (maxSide - minSide);
    const h = minSide + rng() * (maxSide - minSide);
    const ring = footprintInside(
      rng,
      street,
      () => positionIn(rng, community, ctx).pos,
      (center, shrink) => blockRing(rng, center, w * shrink, h * shrink),
    );
    const areaM2 = Math.round(polygonAreaM2([ring.concat([ring[0] as [number, number]])]));
    const buildings = Math.max(1, Math.round(areaM2 / (700 + rng() * 1100)));
    const households = buildings * int(rng, 2, 24);
    const difficulty = Math.min(
      5,
      Math.max(1, Math.round(1 + 0.8 * Math.log2(1 + households / 60) + normal(rng, 0, 0.6))),
    );
    const n = features.length + 1;
    const place = `${shortName(community)}${pick(rng, PLACE_WORDS)}`;
    features.push(
      polygonFeature(ring, {
        id: featureId('DM', n, 5),
        name: kind === 'phase' ? `${place}（第${phaseNo}期）拆除范围` : `${place}更新项目拆除范围`,
        regionId: street.id,
        kind,
        stage: weightedPick(rng, DEMOLITION_STAGES, STAGE_WEIGHTS),
        areaM2,
        buildings,
        households,
        difficulty,
      }),
    );
  };
  for (let i = 0; i < scaled(DEMOLITION_FIGURES.phase, ctx.scale); i++) add('phase', 1 + (i % 4));
  for (let i = 0; i < scaled(DEMOLITION_FIGURES.project, ctx.scale); i++) add('project', 0);
  return features;
}
