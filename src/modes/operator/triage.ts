/**
 * Keyboard triage of the street console's queue, as pure functions: which command a key
 * is, which event is next, and what a command sends to the API (if anything).
 */
import { type EventAction, type IocEvent, TRANSITIONS } from '@ioc/contract/contract';

export type TriageCommand = 'next' | 'previous' | 'dispatch' | 'claim' | 'resolve';

/** For aria-keyshortcuts and the on-screen hint. */
export const TRIAGE_KEYS = 'J K ArrowDown ArrowUp D C R';

export function commandOf(e: {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}): TriageCommand | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  switch (e.key) {
    case 'j':
    case 'J':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'K':
    case 'ArrowUp':
      return 'previous';
    case 'd':
    case 'D':
      return 'dispatch';
    case 'c':
    case 'C':
      return 'claim';
    case 'r':
    case 'R':
      return 'resolve';
    default:
      return null;
  }
}

/** The event `step` rows from the selected one (the first row when none is selected). */
export function stepSelection(
  items: readonly IocEvent[],
  selectedId: string | null,
  step: 1 | -1,
): IocEvent | null {
  if (items.length === 0) return null;
  const at = selectedId === null ? -1 : items.findIndex((e) => e.id === selectedId);
  if (at < 0) return items[0] ?? null;
  return items[Math.max(0, Math.min(items.length - 1, at + step))] ?? null;
}

/**
 * The action a command sends for an event, or null when its status does not allow it.
 * A street console dispatches to one of its communities: the event's own, else the first.
 */
export function triageAction(
  command: TriageCommand,
  ev: IocEvent,
  communities: readonly string[],
): { action: EventAction; toRegionId?: string } | null {
  if (command === 'next' || command === 'previous') return null;
  const action: EventAction = command;
  if (!TRANSITIONS[action].from.includes(ev.status)) return null;
  if (action !== 'dispatch') return { action };
  const to = ev.communityId && communities.includes(ev.communityId) ? ev.communityId : communities[0];
  return to ? { action, toRegionId: to } : null;
}
