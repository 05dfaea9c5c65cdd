/**
 * A wall's screen pairing without a person (POST /devices/pair, then GET /devices/pair/{handle}
 * polled until an administrator approves the code). Plain fetches, as the rest of signing in:
 * the handle travels in the path only to this open endpoint, and the session arrives as the
 * cookie the approving answer sets, never in a URL or in storage.
 */
import { DevicePairing, DevicePairingStatus } from '@ioc/contract/contract';

export interface PairingClient {
  /** A new code and its handle; throws when the server cannot give one. */
  begin(): Promise<DevicePairing>;
  /** The handle's state; null when it is unknown or expired (404): a new code is needed. */
  poll(handle: string): Promise<DevicePairingStatus | null>;
}

export class PairingError extends Error {}

const send = (url: string, init: RequestInit = {}) =>
  fetch(url, {
    credentials: 'same-origin',
    ...init,
    headers: { Accept: 'application/json', ...init.headers },
  });

export function pairingClient(base: string): PairingClient {
  return {
    async begin() {
      const res = await send(`${base}/devices/pair`, { method: 'POST' });
      if (!res.ok) throw new PairingError(`POST /devices/pair: ${res.status}`);
      const parsed = DevicePairing.safeParse(await res.json());
      if (!parsed.success) throw new PairingError('the answer is not a pairing');
      return parsed.data;
    },
    async poll(handle) {
      const res = await send(`${base}/devices/pair/${encodeURIComponent(handle)}`);
      if (res.status === 404) return null;
      if (!res.ok) throw new PairingError(`GET /devices/pair: ${res.status}`);
      const parsed = DevicePairingStatus.safeParse(await res.json());
      if (!parsed.success) throw new PairingError('the answer is not a pairing status');
      return parsed.data;
    },
  };
}

/** The slowest a failing request is tried again (the project's rule: never hammer the API). */
export const PAIRING_MAX_BACKOFF_MS = 30_000;
/** However often the server says, a poll waits at least this long. */
export const PAIRING_MIN_POLL_MS = 1000;

/** The wait before the next try after `failures` failures in a row (0: the usual pace). */
export function pairingDelay(pollMs: number, failures: number): number {
  const base = Math.max(PAIRING_MIN_POLL_MS, pollMs);
  return Math.min(PAIRING_MAX_BACKOFF_MS, base * 2 ** Math.min(failures, 10));
}

/** Whether the address asks for the wall (`?mode=wall`). */
export function asksForWall(search: string): boolean {
  return new URLSearchParams(search).get('mode') === 'wall';
}
