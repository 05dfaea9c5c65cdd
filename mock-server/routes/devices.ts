/**
 * Devices and single sign-on in the demo, in the server's shapes. The mock has no
 * administrator, so a pairing is asked for and stays pending until it expires (its handle
 * carries its own code and end: the mock keeps no state), approving and listing are
 * answered as the server answers everyone but an administrator (401 anonymous, 403 a
 * token), and single sign-on is not configured (404).
 */
import { type DevicePairing, type DevicePairingStatus, PAIRING_MINUTES } from '@ioc/contract/contract';
import { notAdministrator, notFound } from '@ioc/contract/http';
import { formatIso, MINUTE } from '@ioc/domain/time';
import type { Handler } from '../context';
import { json } from '../http';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const HANDLE = /^mock\.(\d{1,15})\.([A-Z2-9]{6})\.[\w-]+$/u;

export const postPairing: Handler = ({ app }) => {
  let code = '';
  for (let i = 0; i < 6; i++) code += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  const end = Math.floor(app.clock.now() / 1000) * 1000 + PAIRING_MINUTES * MINUTE;
  const nonce = Math.random().toString(36).slice(2);
  const body: DevicePairing = {
    code,
    handle: `mock.${end}.${code}.${nonce}`,
    expiresAt: formatIso(end),
    pollMs: 3000,
  };
  return json(body, 201);
};

export const getPairing: Handler = ({ app, params }) => {
  const m = HANDLE.exec(params.handle ?? '');
  const end = m ? Number(m[1]) : 0;
  if (end <= app.clock.now()) throw notFound('unknown, expired or already used pairing: ask for a new code');
  const body: DevicePairingStatus = { status: 'pending', expiresAt: formatIso(end) };
  return json(body);
};

/**
 * As the server answers a caller who is not an administrator: the demo has none (its
 * accounts are the desks it shows), so administration is for a real server (`npm start`).
 */
export const adminOnly =
  (what: string): Handler =>
  ({ caller }) => {
    throw notAdministrator(caller.by === 'anonymous', what);
  };

export const noSso: Handler = () => {
  throw notFound('single sign-on is not configured on this server (OIDC_ISSUER)');
};
