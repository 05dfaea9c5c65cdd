/**
 * What the contract's values mean, said once for every view (map, feed, rings, alerts):
 * which statuses are open, and whether an event belongs to a street or a community.
 * Pure; it sits beside the contract and, like it, imports nothing from the app.
 */
import type { EventStatus, IocEvent, RegionLevel, RegionProps } from './contract';

/** Statuses of an event still being handled (docs/API.md, the dispatch chain). */
export const OPEN_STATUSES = ['reported', 'dispatched', 'handling'] as const satisfies readonly EventStatus[];
const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);

export function isOpenStatus(status: string): boolean {
  return OPEN.has(status);
}

export function isOpen(ev: Pick<IocEvent, 'status'>): boolean {
  return OPEN.has(ev.status);
}

/** Statuses of an event whose handling is done (resolved, and then closed after review). */
export const SETTLED_STATUSES = ['resolved', 'closed'] as const satisfies readonly EventStatus[];
const SETTLED: ReadonlySet<string> = new Set(SETTLED_STATUSES);

export function isSettled(ev: Pick<IocEvent, 'status'>): boolean {
  return SETTLED.has(ev.status);
}

/** What the scope test needs to know of the regions: level and parent by id. */
export interface RegionTree {
  level(id: string): RegionLevel | undefined;
  parent(id: string): string | null | undefined;
}

/**
 * Does the event belong to a street or community (null: the district)? As the API decides
 * it: where it happened, or who it is assigned to (a street may be handed a neighbour's event).
 */
export function eventInRegion(ev: IocEvent, regionId: string | null, tree: RegionTree): boolean {
  if (regionId === null) return true;
  const level = tree.level(regionId);
  const a = ev.assignee;
  if (level === 'community') return ev.communityId === regionId || a?.regionId === regionId;
  if (ev.regionId === regionId) return true;
  if (!a || a.level === 'district') return false;
  return a.regionId === regionId || tree.parent(a.regionId) === regionId;
}

/** The tree of the regions the API lists (GET /regions, any levels). */
export function regionTreeOf(regions: Iterable<Pick<RegionProps, 'id' | 'level' | 'parentId'>>): RegionTree {
  const byId = new Map<string, Pick<RegionProps, 'level' | 'parentId'>>();
  for (const r of regions) byId.set(r.id, r);
  return { level: (id) => byId.get(id)?.level, parent: (id) => byId.get(id)?.parentId };
}
