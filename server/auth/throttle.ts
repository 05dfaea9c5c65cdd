/**
 * Failed sign-ins, limited per login and per source address, in the database so that every
 * instance counts the same attempts. A login is counted whether or not it exists, so a
 * refusal says nothing about which logins exist.
 *
 * Each attempt first reserves a failure row under a per-login advisory lock (the check and
 * the reservation are one step), then the password is verified outside the transaction; a
 * success deletes the login's rows. So parallel guesses cannot slip past the limit: at most
 * `perAccount` attempts per window are ever verified for a login.
 */
import { SIGNIN_LIMITS } from '@ioc/contract/contract';
import type { Db, Sql } from '../db/driver';

export interface ThrottleLimits {
  windowMs: number;
  /** Failures of one login within the window before its sign-ins are refused. */
  perAccount: number;
  /** Failures from one address within the window (many logins guessed from one place). */
  perAddress: number;
}

/** 10 failures in 15 minutes for a login, 50 for an address (a room of consoles behind one NAT). */
export const DEFAULT_THROTTLE: ThrottleLimits = {
  windowMs: SIGNIN_LIMITS.windowMinutes * 60_000,
  perAccount: SIGNIN_LIMITS.perAccount,
  perAddress: SIGNIN_LIMITS.perAddress,
};

/** Any constant of this schema's own: the advisory lock class for sign-in throttling. */
const THROTTLE_LOCK = 4_403_070;

export type Attempt =
  | { ok: true; id: number }
  | { ok: false; retryAfterS: number; by: 'account' | 'address' };

/** Reserves this attempt as a failure unless the login or the address is over its limit. */
export async function beginAttempt(
  db: Db,
  loginKey: string,
  address: string,
  limits: ThrottleLimits,
): Promise<Attempt> {
  const windowS = limits.windowMs / 1000;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [THROTTLE_LOCK, loginKey]);
    await tx.query('DELETE FROM signin_failures WHERE at < now() - make_interval(secs => $1)', [windowS]);
    const blocked = async (column: 'login_key' | 'address', value: string, limit: number) => {
      // The limit-th newest failure: when it leaves the window, one attempt is allowed again.
      const [row] = await tx.query<{ s: number }>(
        `SELECT extract(epoch FROM at + make_interval(secs => $3) - now())::float8 AS s FROM signin_failures
         WHERE ${column} = $1 AND at > now() - make_interval(secs => $3)
         ORDER BY at DESC OFFSET $2 LIMIT 1`,
        [value, limit - 1, windowS],
      );
      return row ? Math.max(1, Math.ceil(row.s)) : null;
    };
    const account = await blocked('login_key', loginKey, limits.perAccount);
    if (account !== null) return { ok: false, retryAfterS: account, by: 'account' };
    const place = await blocked('address', address, limits.perAddress);
    if (place !== null) return { ok: false, retryAfterS: place, by: 'address' };
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO signin_failures (login_key, address) VALUES ($1, $2) RETURNING id',
      [loginKey, address],
    );
    return { ok: true, id: Number((row as { id: number | string }).id) };
  });
}

/** A successful sign-in (or an administrator) forgets the login's failures, from every address. */
export async function clearFailures(sql: Sql, loginKey: string): Promise<void> {
  await sql.query('DELETE FROM signin_failures WHERE login_key = $1', [loginKey]);
}

/** An attempt that was not a guess (a right password for a disabled account) is not counted. */
export async function forgetAttempt(sql: Sql, id: number): Promise<void> {
  await sql.query('DELETE FROM signin_failures WHERE id = $1', [id]);
}
