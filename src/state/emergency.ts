/**
 * The emergency switch (平战切换): peacetime or incident focus. One flag for every mode;
 * the incident itself is the selected event, or else the newest open severity-4 one.
 */
import { create } from 'zustand';

export interface EmergencyState {
  on: boolean;
  setOn(on: boolean): void;
  toggle(): void;
}

export const useEmergencyStore = create<EmergencyState>((set) => ({
  on: false,
  setOn: (on) => set({ on }),
  toggle: () => set((s) => ({ on: !s.on })),
}));
