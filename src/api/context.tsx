/** Hands the configured API client and config to the components that fetch. */
import { createContext, type ReactNode, useContext } from 'react';
import type { ApiClient } from './client';
import type { AppConfig } from './config';

interface ApiContextValue {
  client: ApiClient;
  config: AppConfig;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ value, children }: { value: ApiContextValue; children: ReactNode }) {
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const v = useContext(ApiContext);
  if (!v) throw new Error('useApi outside ApiProvider');
  return v;
}
