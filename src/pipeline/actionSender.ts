/**
 * Operator actions (dispatch, claim, resolve, close, reopen, escalate, and a signed-in
 * person's emergency switch), optimistic and durable. Each action gets a clientActionId once, when the operator acts; it is kept in
 * localStorage until the API answers, so an action taken while the API is unreachable
 * survives a reload and is sent when the API is back, and a retry after a lost answer is
 * never applied twice (the API is idempotent on the id). Each action carries the version
 * of the event its operator saw, so one decided on a state that someone else has changed
 * since is refused (409), not applied over their change. The views show events with the
 * queued actions applied on top (`projectEvent`); a refusal (409/403/…) drops the action,
 * which rolls the view back, and leaves a notice saying why.
 */
import type { StoreApi } from 'zustand';
import type { ApiClient } from '../api/client';
import type { BodyOf } from '@ioc/contract/routes';
import { EmergencyState, IocEvent, TRANSITIONS } from '@ioc/contract/contract';
import { followRecorded, useEmergencyStore } from '../state/emergency';
import { ApiProblem } from '../api/errors';
import { signInAwaited } from '../session/store';
import { type ActionNotice, type ActionQueueState, isSwitchAction, type QueuedAction } from './actions';
import type { LiveEvents } from './events';

const MAX_NOTICES = 5;

export interface ActionSender {
  /** Keep and send what the queue holds now (an action was just queued). */
  queued(): void;
  /** Try again now (the event stream is live again, so the API is reachable). */
  retryNow(): void;
  stop(): void;
}

/**
 * What storage should hold after this page writes `mine`: another tab's pending actions
 * (ids this page never held) stay, those this page is done with go, and this page's queue
 * follows. Two consoles open on one browser then never erase each other's actions.
 */
function mergeStored(
  stored: readonly QueuedAction[],
  mine: readonly QueuedAction[],
  done: ReadonlySet<string>,
): QueuedAction[] {
  const ours = new Set(mine.map((a) => a.clientActionId));
  const others = stored.filter((a) => !ours.has(a.clientActionId) && !done.has(a.clientActionId));
  return [...others, ...mine];
}

/**
 * Binds the queue to an API and resumes what an earlier page left unsent, after what this
 * page queued before the sender arrived. `storageKey` separates deployments sharing a
 * browser profile.
 */
export function startActionSender(o: {
  client: ApiClient;
  storageKey: string;
  store: StoreApi<ActionQueueState>;
  events: LiveEvents;
}): ActionSender {
  const { client, store, events } = o;
  const storageKey = `ioc.pendingActions.v1:${o.storageKey}`;
  let stopped = false;
  let sending = false;
  /** Someone asked for a retry while a send was in flight: do not wait out the backoff then. */
  let again = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Ids this page has answered for (sent or refused): never written back to storage. */
  const handled = new Set<string>();

  function persist(queue: QueuedAction[]): void {
    try {
      const stored = restore();
      const merged = mergeStored(stored, queue, handled);
      // Forget what storage no longer holds, so the set stays small on a console that runs for weeks.
      const held = new Set(stored.map((a) => a.clientActionId));
      for (const id of handled) if (!held.has(id)) handled.delete(id);
      if (merged.length === 0) localStorage.removeItem(storageKey);
      else localStorage.setItem(storageKey, JSON.stringify(merged));
    } catch {
      // storage full or disabled: the queue still works for this page's lifetime
    }
  }

  function restore(): QueuedAction[] {
    try {
      const raw = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as unknown;
      if (!Array.isArray(raw)) return [];
      return raw.filter(
        (a): a is QueuedAction =>
          typeof a === 'object' &&
          a !== null &&
          typeof a.clientActionId === 'string' &&
          typeof a.eventId === 'string' &&
          (Object.hasOwn(TRANSITIONS, a.action) || isSwitchAction(a.action)) &&
          (a.version === undefined || (Number.isInteger(a.version) && a.version > 0)),
      );
    } catch {
      return [];
    }
  }

  function setQueue(queue: QueuedAction[]): void {
    store.setState({ queue });
    persist(queue);
  }

  /** Sends queued actions in order, one at a time, so a claim reaches the API before its resolve. */
  async function sendQueued(): Promise<void> {
    if (stopped) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    again = false;
    try {
      for (;;) {
        const head = store.getState().queue[0];
        if (!head || stopped) return;
        if (isSwitchAction(head.action)) {
          const outcome = await sendSwitch(head);
          if (outcome === 'stop') return;
          continue;
        }
        const body: BodyOf<'postAction'> = {
          action: head.action,
          clientActionId: head.clientActionId,
          ...(head.toRegionId ? { toRegionId: head.toRegionId } : {}),
          ...(head.note ? { note: head.note } : {}),
          ...(head.version !== undefined ? { expectedVersion: head.version } : {}),
        };
        try {
          const updated = await client.post(
            `/events/${encodeURIComponent(head.eventId)}/actions`,
            body,
            IocEvent,
          );
          // Show the API's copy before the optimistic one goes, so nothing flickers back.
          events.ingest([updated]);
          events.flush();
          drop(head.clientActionId);
        } catch (e) {
          const problem =
            e instanceof ApiProblem
              ? e
              : new ApiProblem('network', '/actions', String((e as Error)?.message));
          if (problem.kind === 'unauthorized' && signInAwaited()) {
            // The session ended: the action stays (in storage too) and goes, once, when the
            // page starts again after the person has signed in (src/session/).
            markWaiting(head);
            return;
          }
          if (problem.transient) {
            markWaiting(head);
            if (again) {
              again = false;
              continue;
            }
            scheduleRetry(head.attempts + 1, problem);
            return;
          }
          drop(head.clientActionId);
          addNotice(head, problem);
        }
      }
    } finally {
      sending = false;
    }
  }

  /**
   * A switch (POST /emergency): its answer is followed at once (the screen shows the record,
   * who and when). A refusal drops it and leaves a notice, and the screen goes back to the
   * recorded state; the network's failures retry as an action's do.
   */
  async function sendSwitch(head: QueuedAction): Promise<'next' | 'again' | 'stop'> {
    const body: BodyOf<'postEmergency'> = {
      on: head.action === 'emergencyOn',
      clientActionId: head.clientActionId,
    };
    try {
      followRecorded(await client.post('/emergency', body, EmergencyState));
      drop(head.clientActionId);
      return 'next';
    } catch (e) {
      const problem =
        e instanceof ApiProblem ? e : new ApiProblem('network', '/emergency', String((e as Error)?.message));
      if (problem.kind === 'unauthorized' && signInAwaited()) {
        markWaiting(head);
        return 'stop';
      }
      if (problem.transient) {
        markWaiting(head);
        if (again) {
          again = false;
          return 'again';
        }
        scheduleRetry(head.attempts + 1, problem);
        return 'stop';
      }
      drop(head.clientActionId);
      addNotice(head, problem);
      const recorded = useEmergencyStore.getState().recorded;
      useEmergencyStore.getState().setOn(recorded?.on ?? false);
      return 'next';
    }
  }

  function drop(clientActionId: string): void {
    handled.add(clientActionId);
    setQueue(store.getState().queue.filter((a) => a.clientActionId !== clientActionId));
  }

  function markWaiting(head: QueuedAction): void {
    setQueue(
      store
        .getState()
        .queue.map((a) =>
          a.clientActionId === head.clientActionId ? { ...a, attempts: a.attempts + 1, waiting: true } : a,
        ),
    );
  }

  /** The shared backoff, never before the action's path admits again (src/api/discipline.ts). */
  function scheduleRetry(attempts: number, problem: ApiProblem): void {
    const delay = client.discipline.retryDelay(attempts - 1, problem);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void sendQueued();
    }, delay);
  }

  function addNotice(a: QueuedAction, p: ApiProblem): void {
    const notice: ActionNotice = {
      id: a.clientActionId,
      eventId: a.eventId,
      action: a.action,
      kind: p.kind,
      detail: p.detail,
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.serverMessage ? { serverMessage: p.serverMessage } : {}),
    };
    store.setState((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
  }

  const earlier = restore();
  const known = new Set(earlier.map((a) => a.clientActionId));
  setQueue([...earlier, ...store.getState().queue.filter((a) => !known.has(a.clientActionId))]);
  void sendQueued();
  return {
    queued() {
      persist(store.getState().queue);
      void sendQueued();
    },
    retryNow() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      void sendQueued();
    },
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}
