/** What the operator chose to see in the feed (the scope is the shared scope store). */
import { create } from 'zustand';
import type { FeedFilter } from './feedModel';

export interface FeedFilterState extends FeedFilter {
  setFilter(patch: Partial<FeedFilter>): void;
}

export const useFeedFilter = create<FeedFilterState>((set) => ({
  status: 'all',
  source: 'all',
  severity: 'all',
  setFilter: (patch) => set(patch),
}));
