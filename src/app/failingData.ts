/**
 * Which of the data on screen is failing, for the header: each panel says what is wrong
 * with its own data, but the header's "API online" only knew GET /meta, so a wall whose KPI
 * panels or a layer read 503 still said all was well. A part counts while a query that a
 * mounted view uses has failed (or is retrying with nothing to show), and while the event
 * list's load fails, and while a panel shows that an answer broke the contract
 * (../state/shownProblems.ts); the header names the parts, the panels keep the details.
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { currentProblem } from '../panels/describeProblem';
import { useEventList } from '../pipeline/context';
import { useShownProblems } from '../state/shownProblems';

/** A failing part: a layer by its id, or one of the app's other data by its kind. */
export type FailingPart =
  | { kind: 'layer'; id: string }
  | { kind: 'catalog' | 'kpis' | 'regions' | 'events' | 'event' | 'emergency' | 'milestones' | 'other' };

/** A query key's first element → the part it feeds; `meta` is the header's own. */
const KINDS: Record<string, FailingPart['kind'] | null> = {
  meta: null,
  'layers-catalog': 'catalog',
  kpis: 'kpis',
  regions: 'regions',
  'events-as-of': 'events',
  'event-as-of': 'event',
  emergency: 'emergency',
  milestones: 'milestones',
};

/** The failing parts as one string (a stable snapshot: the header renders again only when it changes). */
export function failingKey(client: QueryClient, listFailing: boolean, shown: readonly string[]): string {
  const keys = new Set<string>(shown);
  for (const q of client.getQueryCache().getAll()) {
    if (!q.isActive()) continue;
    const problem = currentProblem({
      error: q.state.error,
      failureReason: q.state.fetchFailureReason,
      data: q.state.data,
    });
    if (problem === null) continue;
    const first = String(q.queryKey[0]);
    // A layer's key is `layer:<id>`, as the views that report their own problems name it.
    if (first === 'layer') keys.add(`layer:${String(q.queryKey[1])}`);
    else {
      const kind = Object.hasOwn(KINDS, first) ? KINDS[first] : 'other';
      if (kind) keys.add(kind);
    }
  }
  if (listFailing) keys.add('events');
  return [...keys].sort().join('|');
}

export function partsOf(key: string): FailingPart[] {
  if (!key) return [];
  return key
    .split('|')
    .map((k) =>
      k.startsWith('layer:')
        ? { kind: 'layer', id: k.slice(6) }
        : { kind: k as Exclude<FailingPart['kind'], 'layer'> },
    );
}

/** The parts of the screen whose data is failing now. */
export function useFailingParts(): FailingPart[] {
  const client = useQueryClient();
  const list = useEventList();
  const listFailing = list.phase === 'failed' || list.problem !== null;
  const shown = useShownProblems((s) => s.shown);
  const subscribe = useCallback((tell: () => void) => client.getQueryCache().subscribe(tell), [client]);
  const key = useSyncExternalStore(subscribe, () => failingKey(client, listFailing, Object.keys(shown)));
  return partsOf(key);
}
