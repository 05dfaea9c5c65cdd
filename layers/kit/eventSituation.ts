/**
 * The situation, not a carpet: what the live-events layer draws besides the open events.
 * Settled events stay for an hour after they settle, fading in three steps (then they
 * leave the map, not the feed); at district zoom the open minor events (severity 1–2) are
 * counted into hexagons, while serious ones stay dots. A day's 2,500 events then no longer
 * cover the district on the wall.
 */
import type { IocEvent } from '@ioc/contract/contract';
import type { BucketData, EventPoints, Severity } from './eventPoints';

const MINUTE = 60_000;
/** How long a settled event stays on the map, and how it fades: alpha by age. */
export const SETTLED_TIERS = [
  { upToMs: 15 * MINUTE, alpha: 0.45 },
  { upToMs: 30 * MINUTE, alpha: 0.28 },
  { upToMs: 60 * MINUTE, alpha: 0.14 },
] as const;
/** Below this zoom the open minor events are hexagons (the wall's district view is ~10.6). */
export const AGGREGATE_BELOW_ZOOM = 12;
/** The hexagons are counted again at most this often: a flush a second must not re-aggregate each time. */
const AGGREGATE_EVERY_MS = 2000;

export interface SettledTier {
  sev: Severity;
  tier: number;
  data: BucketData;
}

function binary(events: IocEvent[], xy: number[]): BucketData {
  return {
    length: events.length,
    attributes: { getPosition: { value: new Float32Array(xy), size: 2 } },
    events,
  };
}

const settledMemo = new WeakMap<EventPoints, { revision: number; minute: number; tiers: SettledTier[] }>();

/**
 * The settled events of the last hour before `now`, by severity and fade step (in drawing
 * order), as binary positions with their events (for picking). Worked out again when an event changes or a
 * minute passes, not on each frame.
 */
export function recentSettled(points: EventPoints, now: number): SettledTier[] {
  const minute = Math.floor(now / MINUTE);
  const hit = settledMemo.get(points);
  if (hit && hit.revision === points.revision && hit.minute === minute) return hit.tiers;
  const tiers: SettledTier[] = [];
  for (let sev = 1; sev <= 4; sev++) {
    const bucket = points.buckets[sev - 1];
    if (!bucket) continue;
    const picked = SETTLED_TIERS.map(() => ({ events: [] as IocEvent[], xy: [] as number[] }));
    const { events, attributes } = bucket.view();
    const pos = attributes.getPosition.value;
    events.forEach((ev, i) => {
      const age = now - Date.parse(ev.updatedAt);
      const tier = SETTLED_TIERS.findIndex((t) => age < t.upToMs);
      if (age < 0 || tier < 0) return;
      const into = picked[tier] as { events: IocEvent[]; xy: number[] };
      into.events.push(ev);
      into.xy.push(pos[2 * i] as number, pos[2 * i + 1] as number);
    });
    for (const [tier, p] of picked.entries())
      tiers.push({ sev: sev as Severity, tier, data: binary(p.events, p.xy) });
  }
  // Drawn oldest (faintest) first, and within a step the least severe first.
  tiers.sort((a, b) => b.tier - a.tier || a.sev - b.sev);
  settledMemo.set(points, { revision: points.revision, minute, tiers });
  return tiers;
}

const minorMemo = new WeakMap<EventPoints, { revision: number; at: number; positions: [number, number][] }>();

/** The open minor events' positions, for the district view's hexagons (throttled, see above). */
export function openMinorPositions(points: EventPoints, now: number): [number, number][] {
  const hit = minorMemo.get(points);
  if (hit && (hit.revision === points.revision || now - hit.at < AGGREGATE_EVERY_MS)) return hit.positions;
  const positions: [number, number][] = [];
  // Buckets 4 and 5: open, severity 1 and 2 (kit/eventPoints.ts).
  for (const b of [points.buckets[4], points.buckets[5]]) {
    if (!b) continue;
    const v = b.view().attributes.getPosition.value;
    for (let i = 0; i < b.length; i++) positions.push([v[2 * i] as number, v[2 * i + 1] as number]);
  }
  minorMemo.set(points, { revision: points.revision, at: now, positions });
  return positions;
}
