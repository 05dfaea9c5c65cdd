/** Hands the page's event pipeline to the views; each hook re-renders on its slice alone. */
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { ListState } from '../api/eventLoader';
import type { ActionQueueState } from './actions';
import type { EventsState } from './events';
import type { EventPipeline } from './pipeline';

const PipelineContext = createContext<EventPipeline | null>(null);

export function PipelineProvider({ pipeline, children }: { pipeline: EventPipeline; children: ReactNode }) {
  return <PipelineContext.Provider value={pipeline}>{children}</PipelineContext.Provider>;
}

export function usePipeline(): EventPipeline {
  const p = useContext(PipelineContext);
  if (!p) throw new Error('usePipeline outside PipelineProvider');
  return p;
}

/** The pipeline where one is provided; null outside (a control that also works without one). */
export function useOptionalPipeline(): EventPipeline | null {
  return useContext(PipelineContext);
}

export function useEvents<T>(selector: (s: EventsState) => T): T {
  return useStore(usePipeline().events.store, selector);
}

export function useActionQueue<T>(selector: (s: ActionQueueState) => T): T {
  return useStore(usePipeline().actions.store, selector);
}

export function useEventList(): ListState {
  return useStore(usePipeline().list);
}
