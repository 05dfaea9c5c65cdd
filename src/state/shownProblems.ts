/**
 * Problems a panel shows that no failed query stands for: an answer that came but broke
 * the contract where the panel checks it (a KPI panel's indicators), a tiled layer whose
 * tiles fail (deck.gl fetches them, not a query). The header counts them
 * with the failed requests (app/failingData.ts), so it never says all is well beside them.
 */
import { useEffect } from 'react';
import { create } from 'zustand';

interface ShownProblems {
  /** A part's key → how many mounted panels show a problem with it. */
  shown: Readonly<Record<string, number>>;
  add(part: string, by: number): void;
}

export const useShownProblems = create<ShownProblems>((set) => ({
  shown: {},
  add: (part, by) =>
    set((s) => {
      const n = (s.shown[part] ?? 0) + by;
      const { [part]: _, ...rest } = s.shown;
      return { shown: n > 0 ? { ...rest, [part]: n } : rest };
    }),
}));

/** While `showing`, this panel shows a problem with `part` (a failing part's key, e.g. "kpis"). */
export function useShowsProblem(part: string, showing: boolean): void {
  useShowsProblems(showing ? [part] : []);
}

/** The parts this view shows a problem with now (a layer's key is `layer:<id>`). */
export function useShowsProblems(parts: readonly string[]): void {
  const key = parts.join('|');
  useEffect(() => {
    if (!key) return;
    const { add } = useShownProblems.getState();
    const each = key.split('|');
    for (const p of each) add(p, 1);
    return () => {
      for (const p of each) add(p, -1);
    };
  }, [key]);
}
