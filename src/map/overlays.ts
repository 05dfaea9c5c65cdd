/**
 * Layers that are not catalog layers but results of what the user is doing: emergency
 * rings, analysis results, a polygon being drawn. Each owner sets its own list; the map
 * draws them above the catalog layers. Owners keep deck.gl layer ids prefixed by owner.
 */
import type { Layer } from '@deck.gl/core';
import { create } from 'zustand';

export interface OverlaysState {
  byOwner: Record<string, Layer[]>;
  setOverlay(owner: string, layers: Layer[]): void;
  clearOverlay(owner: string): void;
}

export const useOverlaysStore = create<OverlaysState>((set) => ({
  byOwner: {},
  setOverlay: (owner, layers) => set((s) => ({ byOwner: { ...s.byOwner, [owner]: layers } })),
  clearOverlay: (owner) =>
    set((s) => {
      const { [owner]: _gone, ...rest } = s.byOwner;
      return { byOwner: rest };
    }),
}));
