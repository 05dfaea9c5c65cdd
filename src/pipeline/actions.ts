/**
 * The operator's waiting actions and the notices of refused ones, and what the views show
 * with the waiting actions applied (`projectEvent`). The map and the feed read this before
 * the first frame; the sender that keeps and sends them (./actionSender.ts) loads beside
 * the stream, so an action taken before it arrives waits here and goes when it does.
 */
import { createStore, type StoreApi } from 'zustand';
import { type EventAction, type IocEvent, TRANSITIONS } from '@ioc/contract/contract';
import type { ApiProblemKind } from '../api/errors';
import { eventInRegion, type RegionTree } from '@ioc/contract/rules';
import { isReplaying } from '../state/clock';

/** The emergency switch turned on or off (POST /emergency): queued, kept and retried like an action. */
export type SwitchAction = 'emergencyOn' | 'emergencyOff';
export const isSwitchAction = (action: string): action is SwitchAction =>
  action === 'emergencyOn' || action === 'emergencyOff';

export interface QueuedAction {
  clientActionId: string;
  /** The event acted on; empty for a switch, which is about no one event. */
  eventId: string;
  action: EventAction | SwitchAction;
  toRegionId?: string;
  note?: string;
  /**
   * The event's version (eventVersion) the operator acted on, with their own actions queued
   * before this one on the event counted in; sent as expectedVersion, so an action decided
   * on a state someone else has since changed is refused (409) instead of overwriting it.
   * Absent on actions queued by an older version of the app.
   */
  version?: number;
  queuedAt: number;
  attempts: number;
  /** The last try could not reach the API; it will be retried. */
  waiting: boolean;
}

export interface ActionNotice {
  id: string;
  eventId: string;
  action: EventAction | SwitchAction;
  kind: ApiProblemKind;
  status?: number;
  detail: string;
  /** Why, in the server's own words (its error body), shown beside the app's explanation. */
  serverMessage?: string;
}

export interface ActionQueueState {
  queue: QueuedAction[];
  notices: ActionNotice[];
  dismissNotice(id: string): void;
}

export interface ActionInput {
  eventId: string;
  action: EventAction;
  toRegionId?: string;
  note?: string;
  /** The version of the event (eventVersion) the operator was shown when deciding. */
  seen: number;
}

export interface ActionQueue {
  store: StoreApi<ActionQueueState>;
  /**
   * The operator acts: shown at once, sent now or as soon as the API can be reached; the
   * action's clientActionId, or null when nothing may act (a replay). The API refuses the
   * action (409) if the event has changed since `seen`. The operator's own actions on the
   * event still waiting ahead of this one will each add one version first, so they are
   * counted in (the view shows them applied).
   */
  submit(input: ActionInput): string | null;
  /** A signed-in person turns emergency focus on or off for their region; null while replaying. */
  submitSwitch(on: boolean): string | null;
}

function newClientActionId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** An empty queue; `queued` is told of each new action (the sender, once it has loaded). */
export function createActionQueue(queued: () => void): ActionQueue {
  const store = createStore<ActionQueueState>((set) => ({
    queue: [],
    notices: [],
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  }));
  return {
    store,
    submit(input) {
      // Replay is read-only (the buttons say so); nothing acts on a past picture of an event.
      if (isReplaying()) return null;
      const { seen, ...rest } = input;
      const queue = store.getState().queue;
      const ahead = queue.filter((a) => a.eventId === input.eventId).length;
      const item: QueuedAction = {
        clientActionId: newClientActionId(),
        ...rest,
        version: seen + ahead,
        queuedAt: Date.now(),
        attempts: 0,
        waiting: false,
      };
      store.setState({ queue: [...queue, item] });
      queued();
      return item.clientActionId;
    },
    submitSwitch(on) {
      if (isReplaying()) return null;
      const item: QueuedAction = {
        clientActionId: newClientActionId(),
        eventId: '',
        action: on ? 'emergencyOn' : 'emergencyOff',
        queuedAt: Date.now(),
        attempts: 0,
        waiting: false,
      };
      store.setState({ queue: [...store.getState().queue, item] });
      queued();
      return item.clientActionId;
    },
  };
}

/**
 * The event as the operator expects it once the queued actions are applied: what the
 * views show until the API answers. Only the status is projected; the assignee and the
 * history stay the API's until it answers (the pending action itself is shown beside them).
 */
export function projectEvent(ev: IocEvent, actions: readonly QueuedAction[]): IocEvent {
  let out = ev;
  for (const a of actions) {
    if (a.eventId !== ev.id || isSwitchAction(a.action)) continue;
    const rule = TRANSITIONS[a.action];
    if (!rule.from.includes(out.status)) continue;
    out = { ...out, status: rule.to === 'same' ? out.status : rule.to };
  }
  return out;
}

/**
 * An event as a view in `scopeId` shows it: with the waiting actions applied, or null when
 * it lies outside the scope (the feed, the map's live events and the rings all see it so).
 */
export function scopedView(
  queued: readonly QueuedAction[],
  scopeId: string | null,
  tree: RegionTree,
): (base: IocEvent) => IocEvent | null {
  const pending = new Set(queued.map((a) => a.eventId));
  return (base) => {
    const ev = pending.has(base.id) ? projectEvent(base, queued) : base;
    return eventInRegion(ev, scopeId, tree) ? ev : null;
  };
}
