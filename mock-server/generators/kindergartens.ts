/** kindergarten-cameras: the 488 kindergartens of the safety-camera project (docs/DATA.md). */
import type { Feature, KindergartenProps } from '@ioc/contract/contract';
import { int, pick, rngFor, weightedPick } from '@ioc/domain/prng';
import { KINDERGARTEN_STAGES } from '@ioc/domain/layerFacts';
import { communitySampler, featureId, type GenContext, pointFeature, positionIn, scaled } from './common';
import { KINDERGARTEN_WORDS, shortName } from './names';

export const KINDERGARTEN_FIGURES = { surveyed: 488 } as const;
const STAGE_WEIGHTS = [12, 18, 25, 45];

export function generateKindergartens(ctx: GenContext): Feature<KindergartenProps>[] {
  const rng = rngFor(ctx.seed, 'layer', 'kindergarten-cameras');
  const sample = communitySampler(ctx);
  const names = new Set<string>();
  const features: Feature<KindergartenProps>[] = [];
  const total = scaled(KINDERGARTEN_FIGURES.surveyed, ctx.scale);
  for (let n = 1; n <= total; n++) {
    const community = sample(rng);
    const { pos, street } = positionIn(rng, community, ctx, 0.8);
    let name = `${shortName(street)}${pick(rng, KINDERGARTEN_WORDS)}幼儿园`;
    if (names.has(name)) name = `${name.slice(0, -3)}${shortName(community).slice(-2)}幼儿园`;
    if (names.has(name)) name = `${name.slice(0, -3)}幼儿园（${n}）`;
    names.add(name);
    const pupils = int(rng, 120, 620);
    // About one camera per 15 pupils plus fixed positions (gates, kitchen, playground).
    const cameras = Math.min(40, Math.max(8, Math.round(pupils / 15) + int(rng, 0, 8)));
    const r = rng();
    const offline = r < 0.75 ? 0 : r < 0.93 ? int(rng, 1, 2) : int(rng, 3, 8);
    features.push(
      pointFeature(pos, {
        id: featureId('KG', n, 5),
        name,
        regionId: street.id,
        cameras,
        camerasOnline: Math.max(0, cameras - offline),
        stage: weightedPick(rng, KINDERGARTEN_STAGES, STAGE_WEIGHTS),
        pupils,
      }),
    );
  }
  return features;
}
