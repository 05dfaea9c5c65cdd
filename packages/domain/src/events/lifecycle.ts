/**
 * The dispatch chain as a pure function: (event, action, caller) → updated event or a
 * refusal with its HTTP status. Used by POST /events/{id}/actions and by the simulator,
 * so simulated and human actions obey the same rules.
 */
import {
  type EventAction,
  type EventStatus,
  eventVersion,
  type IocEvent,
  TRANSITIONS,
} from '@ioc/contract/contract';
import type { RegionIndex } from '../regions';
import { formatIso } from '../time';
import { eventInScope, type Scope } from './scope';

export interface ActionInput {
  action: EventAction;
  toRegionId?: string | undefined;
  note?: string | undefined;
  scope: Scope;
  /** The event's version the caller decided on (ActionRequest.expectedVersion); none: any. */
  expectedVersion?: number | undefined;
  /** Shown in history (`district-demo`, `street-440307001`, `sim:street:440307001`...). */
  by: string;
  at: number;
}

export type Refusal = {
  ok: false;
  status: 400 | 403 | 409;
  code: string;
  message: string;
  /** With `stale_version`: the event as it is now. */
  current?: IocEvent;
};
export type ActionOutcome = { ok: true; event: IocEvent } | Refusal;

const refuse = (status: Refusal['status'], code: string, message: string): Refusal => ({
  ok: false,
  status,
  code,
  message,
});

/** A community may claim, resolve and escalate what is assigned to it, and dispatch nothing. */
function communityRefusal(ev: IocEvent, input: ActionInput): Refusal | null {
  const { action, scope } = input;
  if (scope.kind !== 'community') return null;
  if (action === 'dispatch' || action === 'close' || action === 'reopen')
    return refuse(403, 'forbidden', `a community cannot ${action}`);
  if (ev.assignee?.regionId !== scope.communityId)
    return refuse(403, 'forbidden', `event ${ev.id} is not assigned to the caller's community`);
  return null;
}

export function applyAction(regions: RegionIndex, ev: IocEvent, input: ActionInput): ActionOutcome {
  const { action } = input;
  if (!eventInScope(regions, ev, input.scope)) {
    return refuse(403, 'forbidden', `event ${ev.id} is outside the caller's ${input.scope.kind}`);
  }
  const refused = communityRefusal(ev, input);
  if (refused) return refused;
  const stale = staleVersion(ev, input.expectedVersion);
  if (stale) return stale;
  // Past its own limits, a community acts within its street's chain (claim, resolve, escalate).
  const scope: Exclude<Scope, { kind: 'community' }> =
    input.scope.kind === 'community' ? { kind: 'street', streetId: input.scope.streetId } : input.scope;
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(ev.status)) {
    return refuse(
      409,
      'invalid_transition',
      `cannot ${action} event ${ev.id}: its status is ${ev.status}; ${action} is allowed from ${rule.from.join(' or ')}`,
    );
  }
  let assignee = ev.assignee;
  let toStatus: EventStatus = rule.to === 'same' ? ev.status : rule.to;

  if (action === 'dispatch') {
    if (!input.toRegionId) return refuse(400, 'bad_request', 'dispatch needs toRegionId');
    const target = regions.get(input.toRegionId);
    if (!target) return refuse(400, 'bad_request', `unknown toRegionId ${input.toRegionId}`);
    if (scope.kind === 'district') {
      if (target.level !== 'street') {
        return refuse(
          400,
          'bad_request',
          'the district dispatches to a street: toRegionId must be a street id',
        );
      }
    } else {
      if (target.level !== 'community') {
        return refuse(
          400,
          'bad_request',
          'a street dispatches to one of its communities: toRegionId must be a community id',
        );
      }
      if (target.parentId !== scope.streetId) {
        return refuse(
          403,
          'forbidden',
          `community ${target.id} is not in the caller's street ${scope.streetId}`,
        );
      }
    }
    assignee = { level: target.level, regionId: target.id };
  } else if (action === 'claim') {
    const a = ev.assignee;
    if (
      scope.kind === 'street' &&
      !(a && a.level !== 'district' && regions.within(a.regionId, scope.streetId))
    ) {
      return refuse(403, 'forbidden', `event ${ev.id} is not assigned to the caller's street`);
    }
  } else if (action === 'escalate') {
    const a = ev.assignee;
    if (!a || a.level === 'district') {
      return refuse(
        409,
        'invalid_transition',
        `cannot escalate event ${ev.id}: it is already at district level`,
      );
    }
    const parent = regions.get(a.regionId)?.parentId;
    if (!parent)
      return refuse(
        409,
        'invalid_transition',
        `cannot escalate event ${ev.id}: no level above ${a.regionId}`,
      );
    assignee = { level: a.level === 'community' ? 'street' : 'district', regionId: parent };
    toStatus = ev.status;
  }

  const at = formatIso(input.at);
  const entry: IocEvent['history'][number] = { at, action, by: input.by, fromStatus: ev.status, toStatus };
  if (input.note !== undefined && input.note !== '') entry.note = input.note;
  const next: IocEvent = { ...ev, status: toStatus, updatedAt: at, history: [...ev.history, entry] };
  if (assignee) next.assignee = { ...assignee };
  else delete next.assignee;
  return { ok: true, event: next };
}

/**
 * A lost update refused: the caller decided on a version of the event that is no longer
 * current (someone acted in between), so the action is not applied and the caller gets the
 * event as it is now (409 `stale_version`), like HTTP If-Match. Checked after scope, so
 * only a caller who may see the event gets it.
 */
export function staleVersion(ev: IocEvent, expected: number | undefined): Refusal | null {
  const version = eventVersion(ev);
  if (expected === undefined || expected === version) return null;
  const last = ev.history[ev.history.length - 1];
  const what = last ? `; last: ${last.action} by ${last.by} at ${last.at}` : '';
  return {
    ok: false,
    status: 409,
    code: 'stale_version',
    message: `event ${ev.id} changed: it is at version ${version} (status ${ev.status}${what}), not version ${expected} that the action was decided on`,
    current: ev,
  };
}
