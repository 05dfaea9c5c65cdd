/**
 * The one KPI request, GET /kpis?region=<scope>(&asOf=<moment>): its key and its function, apart from the
 * panels' code so that start-up can ask for the figures before the panels arrive.
 */
import { z } from 'zod';
import type { ApiClient } from '../../api/client';
import { Timestamp } from '@ioc/contract/contract';

export const KpiEnvelope = z.object({ asOf: Timestamp, indicators: z.array(z.unknown()) });
export type KpiEnvelope = z.infer<typeof KpiEnvelope>;

/** `asOf`: the replayed moment (ISO), its own cache entry; absent while live. */
export function kpiQueryKey(scope: string | null, asOf?: string) {
  return asOf ? (['kpis', scope ?? 'district', asOf] as const) : (['kpis', scope ?? 'district'] as const);
}

/** GET /kpis for a scope; the district is the API's default scope: no region parameter. */
export function kpiQueryFn(client: ApiClient, scope: string | null, asOf?: string) {
  return ({ signal }: { signal: AbortSignal }) =>
    client.get('/kpis', KpiEnvelope, { region: scope, asOf }, signal);
}
