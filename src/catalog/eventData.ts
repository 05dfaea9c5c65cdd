/**
 * The events loader: what the stream holds, as the feed shows it (queued actions applied,
 * src/pipeline/actionSender.ts), in the scope by the one rule the feed uses (packages/contract/src/rules.ts),
 * moved onto the basemap's CRS, as the buffers the live-events layer draws from
 * (layers/kit/eventPoints.ts). Each store version applies just the events it changed.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { EventPoints } from '../../layers/kit/eventPoints';
import type { IocEvent, LngLat } from '@ioc/contract/contract';
import { useRegions, useToBasemap } from '../api/queries';
import { type RegionTree, regionTreeOf } from '@ioc/contract/rules';
import { type QueuedAction, scopedView } from '../pipeline/actions';
import { useActionQueue, useEvents, usePipeline } from '../pipeline/context';
import type { LiveEvents } from '../pipeline/events';
import { useScopeStore } from '../state/scope';
import { useReplayEvents } from '../panels/events/replayEvents';

/** The held events with the operator's waiting actions applied, in the scope (API CRS). */
export function scopedEvents(
  events: Iterable<IocEvent>,
  queued: readonly QueuedAction[],
  scopeId: string | null,
  tree: RegionTree,
): IocEvent[] {
  const view = scopedView(queued, scopeId, tree);
  const out: IocEvent[] = [];
  for (const base of events) {
    const ev = view(base);
    if (ev) out.push(ev);
  }
  return out;
}

/** The region tree from GET /regions (streets and communities), shared with the map's queries. */
export function useRegionTree(): RegionTree {
  const streets = useRegions('street');
  const communities = useRegions('community');
  return useMemo(
    () =>
      regionTreeOf(
        [...(streets.data?.features ?? []), ...(communities.data?.features ?? [])].map((f) => f.properties),
      ),
    [streets.data, communities.data],
  );
}

/** What a map draws of the held events: buffers kept across flushes, and their revision. */
export interface ShownEvents {
  points: EventPoints | null;
  /** Changes whenever the points do (for memos downstream). */
  revision: number;
}

/**
 * The events a map draws (none while `enabled` is false: no layer of the events kind is on),
 * kept across flushes: each store version moves only the events it changed into the map's
 * buffers (in scope, waiting actions applied, in the basemap's CRS). A new scope, queue,
 * region tree or CRS, or a reader that fell behind the store's log, reads every event again.
 */
export function useShownEvents(enabled: boolean): ShownEvents {
  // Deferred: a busy stream's updates re-render in the background, interruptibly, not in
  // one task with everything else the store update touches.
  const version = useDeferredValue(useEvents((s) => (enabled ? s.version : -1)));
  const queued = useActionQueue((s) => s.queue);
  const scopeId = useScopeStore((s) => s.regionId);
  const tree = useRegionTree();
  const toBasemap = useToBasemap();
  const { events } = usePipeline();
  const [view] = useState(() => new LiveView(events));
  const replayed = useReplayEvents()?.byId ?? null;
  // Replaying draws the moment's events in buffers of their own: the live ones stay synced.
  const [past] = useState(() => new PastView());
  return useMemo(() => {
    if (version < 0) return { points: null, revision: -1 };
    if (replayed) {
      const points = past.sync(scopedEvents(replayed.values(), [], scopeId, tree), toBasemap);
      // Apart from the live buffers' revisions, so switching between them always redraws.
      return { points, revision: PAST_REVISIONS + points.revision };
    }
    // Back from a replay: the live buffers may have missed the log meanwhile; LiveView rebuilds.
    const points = view.sync(queued, scopeId, tree, toBasemap);
    return { points, revision: points.revision };
  }, [view, past, replayed, version, queued, scopeId, tree, toBasemap]);
}

const PAST_REVISIONS = 2 ** 40;

type ToBasemap = (p: LngLat) => LngLat;

/**
 * The replayed moment's buffers. Playback asks a moment a second and most events are as they
 * were a moment before: only those that changed (or left) touch the buffers, so the map
 * re-uploads what moved, not every event every second.
 */
class PastView {
  readonly points = new EventPoints();
  private readonly held = new Map<string, string>();
  private basemap: ToBasemap | null = null;

  sync(events: readonly IocEvent[], toBasemap: ToBasemap): EventPoints {
    if (toBasemap !== this.basemap) {
      this.points.clear();
      this.held.clear();
      this.basemap = toBasemap;
    }
    const seen = new Set<string>();
    for (const ev of events) {
      seen.add(ev.id);
      const key = `${ev.updatedAt}|${ev.status}|${ev.severity}`;
      if (this.held.get(ev.id) === key) continue;
      const [x, y] = toBasemap(ev.location);
      this.points.upsert(ev, x, y);
      this.held.set(ev.id, key);
    }
    for (const id of this.held.keys())
      if (!seen.has(id)) {
        this.points.remove(id);
        this.held.delete(id);
      }
    return this.points;
  }
}

/** The map's event buffers and what they were built under. */
class LiveView {
  readonly points = new EventPoints();
  private version = -1;
  private inputs: unknown[] = [];

  constructor(private readonly events: LiveEvents) {}

  sync(queued: readonly QueuedAction[], scopeId: string | null, tree: RegionTree, toBasemap: ToBasemap) {
    const { version, byId } = this.events.store.getState();
    const inputs = [queued, scopeId, tree, toBasemap];
    const same = inputs.every((x, i) => Object.is(x, this.inputs[i]));
    const log = same ? this.events.changesSince(this.version) : null;
    const view = scopedView(queued, scopeId, tree);
    const put = (base: IocEvent) => {
      const ev = view(base);
      if (!ev) return this.points.remove(base.id);
      const [x, y] = toBasemap(ev.location);
      this.points.upsert(ev, x, y);
    };
    if (log === null) {
      this.points.clear();
      for (const ev of byId.values()) put(ev);
    } else {
      for (const c of log) {
        for (const id of c.changed) {
          const ev = byId.get(id);
          if (ev) put(ev);
          else this.points.remove(id);
        }
        for (const id of c.removed) this.points.remove(id);
      }
    }
    this.inputs = inputs;
    this.version = version;
    return this.points;
  }
}
