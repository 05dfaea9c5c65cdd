/**
 * Operator actions (dispatch, claim, resolve, close, reopen, escalate), optimistic and
 * durable. Each action gets a clientActionId once, when the operator acts; it is kept in
 * localStorage until the API answers, so an action taken while the API is unreachable
 * survives a reload and is sent when the API is back, and a retry after a lost answer is
 * never applied twice (the API is idempotent on the id). Each action carries the version
 * of the event its operator saw, so one decided on a state that someone else has changed
 * since is refused (409), not applied over their change. The views show events with the
 * queued actions applied on top (`projectEvent`); a refusal (409/403/…) drops the action,
 * which rolls the view back, and leaves a notice saying why.
 */
import { backoffDelay } from '../api/backoff';
import type { ApiClient } from '../api/client';
import { type EventAction, IocEvent, TRANSITIONS } from '@ioc/contract/contract';
import type { BodyOf } from '@ioc/contract/routes';
import { ApiProblem } from '../api/errors';
import { signInAwaited } from '../session/store';
import { type ActionNotice, type QueuedAction, useActionQueue } from './actionStore';
import { isReplaying } from './clock';
import { flushEvents, ingestEvents } from './events';

export { type ActionNotice, projectEvent, type QueuedAction, useActionQueue } from './actionStore';

const MAX_NOTICES = 5;

let client: ApiClient | null = null;
let storageKey = 'ioc.pendingActions.v1';
let sending = false;
/** Someone asked for a retry while a send was in flight: do not wait out the backoff then. */
let again = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function newClientActionId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Ids this page has answered for (sent or refused): never written back to storage. */
const handled = new Set<string>();

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
        Object.hasOwn(TRANSITIONS, a.action) &&
        (a.version === undefined || (Number.isInteger(a.version) && a.version > 0)),
    );
  } catch {
    return [];
  }
}

function setQueue(queue: QueuedAction[]): void {
  useActionQueue.setState({ queue });
  persist(queue);
}

/**
 * Binds the queue to an API and resumes what an earlier page left unsent. `key`
 * separates deployments sharing a browser profile. Returns a stop function.
 */
export function startActionQueue(apiClient: ApiClient, key = apiClient.baseUrl): () => void {
  client = apiClient;
  storageKey = `ioc.pendingActions.v1:${key}`;
  useActionQueue.setState({ queue: restore() });
  void sendQueued();
  return () => {
    client = null;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };
}

/**
 * The operator acts: shown at once, sent now or as soon as the API can be reached. `seen` is
 * the version of the event (eventVersion) the operator was shown when deciding: the API
 * refuses the action (409) if the event has changed since. The operator's own actions on the
 * event still waiting ahead of this one will each add one version first, so they are counted
 * in (the view shows them applied).
 */
export function submitAction(input: {
  eventId: string;
  action: EventAction;
  toRegionId?: string;
  note?: string;
  seen: number;
}) {
  // Replay is read-only (the buttons say so); nothing acts on a past picture of an event.
  if (isReplaying()) return null;
  const { seen, ...rest } = input;
  const queue = useActionQueue.getState().queue;
  const ahead = queue.filter((a) => a.eventId === input.eventId).length;
  const item: QueuedAction = {
    clientActionId: newClientActionId(),
    ...rest,
    version: seen + ahead,
    queuedAt: Date.now(),
    attempts: 0,
    waiting: false,
  };
  setQueue([...queue, item]);
  void sendQueued();
  return item.clientActionId;
}

/** Try again now (the event stream is live again, so the API is reachable). */
export function retryActionsNow(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  void sendQueued();
}

/** Sends queued actions in order, one at a time, so a claim reaches the API before its resolve. */
async function sendQueued(): Promise<void> {
  if (!client) return;
  if (sending) {
    again = true;
    return;
  }
  sending = true;
  again = false;
  try {
    for (;;) {
      const head = useActionQueue.getState().queue[0];
      if (!head || !client) return;
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
        ingestEvents([updated]);
        flushEvents();
        drop(head.clientActionId);
      } catch (e) {
        const problem =
          e instanceof ApiProblem ? e : new ApiProblem('network', '/actions', String((e as Error)?.message));
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

function drop(clientActionId: string): void {
  handled.add(clientActionId);
  setQueue(useActionQueue.getState().queue.filter((a) => a.clientActionId !== clientActionId));
}

function markWaiting(head: QueuedAction): void {
  setQueue(
    useActionQueue
      .getState()
      .queue.map((a) =>
        a.clientActionId === head.clientActionId ? { ...a, attempts: a.attempts + 1, waiting: true } : a,
      ),
  );
}

/** The shared backoff, never before the action's path admits again (src/api/discipline.ts). */
function scheduleRetry(attempts: number, problem: ApiProblem): void {
  const delay = client ? client.discipline.retryDelay(attempts - 1, problem) : backoffDelay(attempts);
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
  useActionQueue.setState((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
}

/** Back to empty (tests). */
export function resetActionQueue(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  client = null;
  sending = false;
  again = false;
  handled.clear();
  useActionQueue.setState({ queue: [], notices: [] });
}
