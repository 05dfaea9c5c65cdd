/** The map feature the user clicked, shown in the detail drawer and highlighted by its layer. */
import { create } from 'zustand';
import type { LayerFeature } from '../../layers/kit/define';

export interface FeatureSelectionState {
  layerId: string | null;
  feature: LayerFeature | null;
  select(layerId: string, feature: LayerFeature): void;
  clear(): void;
}

export const useFeatureSelection = create<FeatureSelectionState>((set) => ({
  layerId: null,
  feature: null,
  select: (layerId, feature) => set({ layerId, feature }),
  clear: () => set({ layerId: null, feature: null }),
}));
