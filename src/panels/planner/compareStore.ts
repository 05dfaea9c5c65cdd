/** Swipe compare: whether the second map is shown, where the swipe is, and the layer set B it draws. */
import { create } from 'zustand';

export interface CompareState {
  open: boolean;
  /** Where the swipe divides the maps, 0..100 % of the width from the left: B is drawn right of it. */
  swipe: number;
  setSwipe(swipe: number): void;
  /** Layer ids of set B, bottom to top; null until the planner changes them (config's `compareLayers`). */
  layersB: string[] | null;
  setOpen(open: boolean): void;
  toggleB(id: string, on: boolean, initial: readonly string[]): void;
}

export const useCompareStore = create<CompareState>((set) => ({
  open: false,
  swipe: 50,
  setSwipe: (swipe) => set({ swipe: Math.max(0, Math.min(100, swipe)) }),
  layersB: null,
  setOpen: (open) => set({ open }),
  toggleB: (id, on, initial) =>
    set((s) => {
      const now = (s.layersB ?? initial).filter((x) => x !== id);
      return { layersB: on ? [...now, id] : now };
    }),
}));
