/**
 * The selected event: the feed and the wall alert set it, the detail drawer shows it and
 * the live-events map layer highlights it. Flying the map is the caller's job (camera
 * store), so selecting from a test or a restored view does not move the map by itself.
 */
import { create } from 'zustand';

export interface SelectionState {
  /** Id of the selected event; null when none is. */
  eventId: string | null;
  selectEvent(id: string | null): void;
}

export const useSelectionStore = create<SelectionState>((set) => ({
  eventId: null,
  selectEvent: (eventId) => set({ eventId }),
}));
