/**
 * 5g-stations: docs/DATA.md says 10,346 stations built (8,084 macro) against targets of 9,984
 * (7,141 macro). Every generated station counts as built; the targets are split over the
 * streets by population and over communities the same way.
 */
import type { Feature, StationProps } from '@ioc/contract/contract';
import { apportion, chance, rngFor, weightedSampler } from '@ioc/domain/prng';
import { formatIso, LAYER_EPOCH_MS, DAY } from '@ioc/domain/time';
import {
  clusterSigmaM,
  communitySampler,
  featureId,
  type GenContext,
  perStreet,
  pointFeature,
  scaled,
} from './common';
import { shortName } from './names';

export const STATION_FIGURES = {
  built: 10_346,
  macroBuilt: 8_084,
  target: 9_984,
  macroTarget: 7_141,
} as const;

export const STATION_ISSUES = ['site-access', 'power', 'approval', 'property', 'demolition'] as const;
const pickIssue = weightedSampler(STATION_ISSUES, [30, 25, 20, 15, 10]);
const OPERATORS = ['CMCC', 'CUCC', 'CTCC', 'tower'] as const;
const pickOperator = weightedSampler(OPERATORS, [37, 19, 21, 23]);
/** Share of built stations still being commissioned, and of those with an open problem. */
const BUILDING_SHARE = 0.025;
const ISSUE_SHARE_BUILDING = 0.14;
const ISSUE_SHARE_ON_AIR = 0.0008;
const FIRST_ON_AIR_MS = Date.parse('2019-06-01T00:00:00+08:00');

export interface StationTargets {
  /** Targets by region id (district, streets and communities). */
  target: Map<string, number>;
  macroTarget: Map<string, number>;
}

export function stationTargets(ctx: GenContext): StationTargets {
  const target = new Map<string, number>();
  const macroTarget = new Map<string, number>();
  const { district, streets } = ctx.regions;
  const fill = (out: Map<string, number>, total: number) => {
    out.set(district.id, total);
    const byStreet = apportion(
      total,
      streets.map((s) => s.population),
    );
    streets.forEach((s, i) => {
      const t = byStreet[i] as number;
      out.set(s.id, t);
      const byCommunity = apportion(
        t,
        s.children.map((c) => c.population),
      );
      s.children.forEach((c, j) => {
        out.set(c.id, byCommunity[j] as number);
      });
    });
  };
  fill(target, scaled(STATION_FIGURES.target, ctx.scale));
  fill(macroTarget, scaled(STATION_FIGURES.macroTarget, ctx.scale));
  return { target, macroTarget };
}

export function generateStations(ctx: GenContext): Feature<StationProps>[] {
  const rng = rngFor(ctx.seed, 'layer', '5g-stations');
  const built = perStreet(ctx, scaled(STATION_FIGURES.built, ctx.scale), rng, 0.12);
  const streets = ctx.regions.streets;
  const macroShares = apportion(
    scaled(STATION_FIGURES.macroBuilt, ctx.scale),
    streets.map((s) => (built.get(s.id) ?? 0) * (1 + 0.06 * (2 * rng() - 1))),
  );
  // A street can never have more macro stations than stations: hand any excess to others.
  for (let i = 0; i < streets.length; i++) {
    let excess = (macroShares[i] as number) - (built.get((streets[i] as { id: string }).id) ?? 0);
    for (let j = 0; excess > 0 && j < streets.length; j++) {
      const room = (built.get((streets[j] as { id: string }).id) ?? 0) - (macroShares[j] as number);
      const move = Math.min(room, excess);
      if (move > 0) {
        macroShares[j] = (macroShares[j] as number) + move;
        macroShares[i] = (macroShares[i] as number) - move;
        excess -= move;
      }
    }
  }

  const features: Feature<StationProps>[] = [];
  const onAirSpan = LAYER_EPOCH_MS - DAY - FIRST_ON_AIR_MS;
  streets.forEach((street, si) => {
    const sampleCommunity = communitySampler(ctx, street.id);
    let left = built.get(street.id) ?? 0;
    let macroLeft = macroShares[si] as number;
    while (left > 0) {
      // Exact macro count, random order: macro with probability macroLeft / left.
      const macro = rng() * left < macroLeft;
      left--;
      if (macro) macroLeft--;
      const community = sampleCommunity(rng);
      const pos = street.polygon.pointNear(
        rng,
        community.center,
        clusterSigmaM(community) * (macro ? 1 : 0.6),
      );
      const building = chance(rng, BUILDING_SHARE);
      const hasIssue = chance(rng, building ? ISSUE_SHARE_BUILDING : ISSUE_SHARE_ON_AIR);
      const n = features.length + 1;
      const props: StationProps = {
        id: featureId('BS', n, 7),
        name: `${shortName(community)}${macro ? '宏站' : '微站'}${n}`,
        regionId: street.id,
        kind: macro ? 'macro' : 'micro',
        operator: pickOperator(rng),
        status: building ? 'building' : 'on-air',
      };
      if (hasIssue) props.issue = pickIssue(rng);
      // Skewed towards recent years: the 5G build-out accelerated after 2020.
      if (!building) props.onAirAt = formatIso(FIRST_ON_AIR_MS + Math.sqrt(rng()) * onAirSpan);
      features.push(pointFeature(pos, props));
    }
  });
  return features;
}
