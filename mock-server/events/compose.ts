/** A new event's content: where it happened and what it says, from its own seeded stream. */
import type { IocEvent } from '@ioc/contract/contract';
import { round6 } from '@ioc/domain/geo';
import { clusterSigmaM } from '../generators/common';
import { ROADS } from '../generators/names';
import { int, pick, type Rng, weightedSampler } from '@ioc/domain/prng';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import {
  type CategoryDef,
  CONSUMER,
  dueMsFor,
  HELPS,
  NUISANCES,
  type SourceDef,
  SUGGESTIONS,
  TOPICS,
  VIOLATIONS,
} from '@ioc/domain/events/categories';

const samplers = new WeakMap<object, (rng: Rng) => unknown>();

function categorySampler(def: SourceDef): (rng: Rng) => CategoryDef {
  let s = samplers.get(def);
  if (!s) {
    s = weightedSampler(
      def.categories,
      def.categories.map((c) => c.weight),
    );
    samplers.set(def, s);
  }
  return s as (rng: Rng) => CategoryDef;
}

function communitySampler(regions: RegionIndex): (rng: Rng) => Region {
  let s = samplers.get(regions);
  if (!s) {
    const pool = regions.communities.length > 0 ? regions.communities : regions.streets;
    s = weightedSampler(
      pool,
      pool.map((c) => Math.max(1, c.population)),
    );
    samplers.set(regions, s);
  }
  return s as (rng: Rng) => Region;
}

function fill(rng: Rng, template: string, place: string): string {
  return template.replace(/\{(\w+)\}/gu, (_, key: string) => {
    switch (key) {
      case 'place':
        return place;
      case 'topic':
        return pick(rng, TOPICS);
      case 'nuisance':
        return pick(rng, NUISANCES);
      case 'help':
        return pick(rng, HELPS);
      case 'suggestion':
        return pick(rng, SUGGESTIONS);
      case 'consumer':
        return pick(rng, CONSUMER);
      case 'violation':
        return pick(rng, VIOLATIONS);
      case 'amount':
        return String(int(rng, 3, 200) * 100);
      case 'minutes':
        return String(int(rng, 5, 90));
      default:
        return String(int(rng, 2, 40));
    }
  });
}

export function severityFrom(rng: Rng, p: readonly number[]): 1 | 2 | 3 | 4 {
  let r = rng();
  for (let i = 0; i < 4; i++) {
    r -= p[i] as number;
    if (r < 0) return (i + 1) as 1 | 2 | 3 | 4;
  }
  return 1;
}

/** A freshly reported event (status `reported`, one history entry). */
export function composeEvent(
  rng: Rng,
  regions: RegionIndex,
  def: SourceDef,
  id: string,
  at: number,
): IocEvent {
  const community = communitySampler(regions)(rng);
  const street = regions.streetOf(community.id) ?? community;
  const pos = street.polygon.pointNear(rng, community.center, clusterSigmaM(community));
  const category = categorySampler(def)(rng);
  const road = pick(rng, ROADS);
  const place =
    rng() < 0.4
      ? road
      : `${community.name}${pick(rng, ['某小区', '城中村', '商业街', '工业园', '学校周边', '地铁站口', '农贸市场'])}`;
  const severity = severityFrom(rng, def.severity);
  const reportedAt = formatIso(at);
  const ev: IocEvent = {
    id,
    source: def.source,
    category: category.id,
    title: fill(rng, pick(rng, category.titles), place),
    description: `${street.name}${community.name}${road}${int(rng, 1, 388)}号附近。${fill(rng, pick(rng, category.details), place)}`,
    severity,
    status: 'reported',
    regionId: street.id,
    location: [round6(pos[0]), round6(pos[1])],
    reportedAt,
    dueAt: formatIso(at + dueMsFor(def, severity)),
    updatedAt: reportedAt,
    history: [{ at: reportedAt, action: 'report', by: def.source, fromStatus: null, toStatus: 'reported' }],
  };
  if (community.level === 'community') ev.communityId = community.id;
  return ev;
}
