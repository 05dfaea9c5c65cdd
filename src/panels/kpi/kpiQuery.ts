/**
 * The one KPI request, GET /kpis?region=<scope>: its key and its function, apart from the
 * panels' code so that start-up can ask for the figures before the panels arrive.
 */
import { z } from 'zod';
import type { ApiClient } from '../../api/client';
import { Timestamp } from '@ioc/contract/contract';

export const KpiEnvelope = z.object({ asOf: Timestamp, indicators: z.array(z.unknown()) });
export type KpiEnvelope = z.infer<typeof KpiEnvelope>;

export function kpiQueryKey(scope: string | null) {
  return ['kpis', scope ?? 'district'] as const;
}

/** GET /kpis for a scope; the district is the API's default scope: no region parameter. */
export function kpiQueryFn(client: ApiClient, scope: string | null) {
  return ({ signal }: { signal: AbortSignal }) =>
    client.get('/kpis', KpiEnvelope, scope ? { region: scope } : undefined, signal);
}
