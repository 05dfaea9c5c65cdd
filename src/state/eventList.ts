/**
 * How the event list (GET /events) is doing, apart from the stream: the feed tells a list
 * that failed from one that is empty, and says why.
 */
import { create } from 'zustand';
import type { ListState } from '../api/eventLoader';

export const useEventListStore = create<ListState>(() => ({ phase: 'loading', problem: null }));

export function resetEventList(): void {
  useEventListStore.setState({ phase: 'loading', problem: null });
}
