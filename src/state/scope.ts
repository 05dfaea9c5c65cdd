/**
 * The scope: the whole district, one street or one community. One store, so the map,
 * every panel, every layer and the event feed follow the same click.
 */
import { create } from 'zustand';

export interface ScopeState {
  /** A street or community id; null means the whole district. */
  regionId: string | null;
  setScope(regionId: string | null): void;
}

export const useScopeStore = create<ScopeState>((set) => ({
  regionId: null,
  setScope: (regionId) => set({ regionId }),
}));
