/**
 * kiosks: 50 existing and 16 planned 24-hour self-service areas (docs/DATA.md). Existing
 * ones follow population; planned ones go where people live far from an existing one, as
 * the "15-minute government service circle" siting did. (The contract also knows lone
 * self-service terminals; the district's published plan is for areas only.)
 */
import type { Feature, KioskProps } from '@ioc/contract/contract';
import { int, type Rng, rngFor } from '@ioc/domain/prng';
import type { Region } from '@ioc/domain/regions';
import { featureId, type GenContext, pointFeature, positionIn, scaled } from './common';

export const KIOSK_FIGURES = { existing: 50, planned: 16 } as const;

/** Population-weighted draw that discourages reusing a community (power sets how hard). */
function spreadPick(rng: Rng, pool: readonly Region[], used: Map<string, number>, power: number): Region {
  let total = 0;
  const w = pool.map((c) => {
    const x = c.population / (1 + (used.get(c.id) ?? 0)) ** power;
    total += x;
    return x;
  });
  let r = rng() * total;
  for (let i = 0; i < pool.length; i++) {
    r -= w[i] as number;
    if (r < 0) return pool[i] as Region;
  }
  return pool[pool.length - 1] as Region;
}

export function generateKiosks(ctx: GenContext): Feature<KioskProps>[] {
  const rng = rngFor(ctx.seed, 'layer', 'kiosks');
  const pool = ctx.regions.communities.length > 0 ? ctx.regions.communities : ctx.regions.streets;
  const used = new Map<string, number>();
  const features: Feature<KioskProps>[] = [];
  const add = (status: 'existing' | 'planned', power: number) => {
    const community = spreadPick(rng, pool, used, power);
    used.set(community.id, (used.get(community.id) ?? 0) + 1);
    const { pos, street } = positionIn(rng, community, ctx, 0.5);
    const kind = '24h-area';
    const terminals = int(rng, 3, 10);
    const n = features.length + 1;
    features.push(
      pointFeature(pos, {
        id: featureId('KS', n, 5),
        name: `${community.name}24小时政务服务自助区${status === 'planned' ? '（规划）' : ''}`,
        regionId: street.id,
        kind,
        status,
        terminals,
        services: int(rng, 120, 460),
        dailyUses: status === 'existing' ? terminals * int(rng, 18, 60) : 0,
      }),
    );
  };
  for (let i = 0; i < scaled(KIOSK_FIGURES.existing, ctx.scale); i++) add('existing', 2);
  // Planned sites lean hard away from communities that already have one.
  for (let i = 0; i < scaled(KIOSK_FIGURES.planned, ctx.scale); i++) add('planned', 4);
  return features;
}
