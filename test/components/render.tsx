/**
 * Renders a component with the app's providers against the mock API through msw/node; the
 * event pipeline is the test's own (a fresh one unless the test hands its own in).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createApiClient } from '../../src/api/client';
import { AppConfig } from '../../src/api/config';
import { ApiProvider } from '../../src/api/context';
import { PipelineProvider } from '../../src/pipeline/context';
import type { EventPipeline } from '../../src/pipeline/pipeline';
import { testPipeline } from '../unit/events-pipeline';

export const API_BASE = 'http://ioc.test/api/v1';

export function renderWithApi(
  ui: ReactElement,
  token: string | null = null,
  settings: object = {},
  pipeline: EventPipeline = testPipeline(),
) {
  const config = AppConfig.parse({
    apiBaseUrl: API_BASE,
    basemap: { type: 'style', url: 'http://ioc.test/style.json' },
    ...settings,
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <ApiProvider value={{ client: createApiClient(API_BASE, token), config }}>
        <PipelineProvider pipeline={pipeline}>{ui}</PipelineProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
}
