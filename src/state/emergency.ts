/**
 * The emergency switch (平战切换): peacetime or incident focus. One flag for every mode;
 * the incident itself is the selected event, or else the newest open severity-4 one.
 * `on` is what this screen shows; `recorded` is the API's record (GET /emergency): who
 * switched, when, now or at the replayed moment. A signed-in person's switch is recorded and
 * followed by every screen; anyone else's changes only their own screen
 * (src/modes/emergency/EmergencyFollower.tsx).
 */
import { create } from 'zustand';
import type { EmergencyState as Recorded } from '@ioc/contract/contract';

export interface EmergencyState {
  on: boolean;
  recorded: Recorded | null;
  setOn(on: boolean): void;
  toggle(): void;
}

export const useEmergencyStore = create<EmergencyState>((set) => ({
  on: false,
  recorded: null,
  setOn: (on) => set({ on }),
  toggle: () => set((s) => ({ on: !s.on })),
}));

/** The API recorded a switch (the answer to this screen's own, or what others did): follow it. */
export function followRecorded(recorded: Recorded): void {
  useEmergencyStore.setState({ on: recorded.on, recorded });
}
