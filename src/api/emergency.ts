/** GET /emergency: whether emergency focus is on for a region, now or at a replayed moment, and who switched it. */
import { EmergencyState } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import type { ApiClient } from './client';

export function fetchEmergency(
  client: ApiClient,
  q: { region: string | null; asOf: number | null },
  signal: AbortSignal,
): Promise<EmergencyState> {
  return client.get(
    '/emergency',
    EmergencyState,
    { region: q.region, asOf: q.asOf === null ? null : formatIso(q.asOf) },
    signal,
  );
}
