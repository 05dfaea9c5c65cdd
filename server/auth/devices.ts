/**
 * Walls are devices: a screen without a session asks for a pairing (a code it shows, a
 * handle it keeps), an administrator approves the code for a region (API or `npm run
 * device`), and the screen, polling with its handle, collects once a session of its own:
 * a read-only (wall) account that does not idle out and lasts DEVICE_SESSION_DAYS. Devices
 * are listed and revoked like accounts; every approval, collection and revocation is audited.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { type Device, PAIRING_MINUTES } from '@ioc/contract/contract';
import { HttpError, notFound } from '@ioc/contract/http';
import { roleRegionProblem } from '@ioc/domain/people';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import type { Db, Sql } from '../db/driver';
import { type AuditActor, writeAudit } from './audit';
import { revokeUserSessions } from './sessions';

/** No 0/O, 1/I/L: a code is read off a wall across a room. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;
/** Pairings one address may hold open at once (an open endpoint). */
const OPEN_PER_ADDRESS = 100;
const OPEN_IN_ALL = 10_000;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export async function beginPairing(
  db: Sql,
  from: { address: string | null; userAgent: string | null },
): Promise<{ code: string; handle: string; expiresAt: Date }> {
  await db.query("DELETE FROM device_pairings WHERE expires_at < now() - interval '1 day'");
  const [open] = await db.query<{ mine: number; all: number }>(
    `SELECT count(*) FILTER (WHERE address IS NOT DISTINCT FROM $1)::int AS mine, count(*)::int AS all
     FROM device_pairings WHERE expires_at > now() AND approved_at IS NULL`,
    [from.address],
  );
  if ((open?.mine ?? 0) >= OPEN_PER_ADDRESS || (open?.all ?? 0) >= OPEN_IN_ALL)
    throw new HttpError(429, 'too_many_requests', 'too many pairings waiting: try again in a few minutes', {
      'retry-after': '60',
    });
  const handle = randomBytes(32).toString('base64url');
  for (;;) {
    const code = newCode();
    // A code names one waiting pairing: another is drawn while it is taken.
    const [row] = await db.query<{ expires_at: Date }>(
      `INSERT INTO device_pairings (id, handle_sha256, code, expires_at, address, user_agent)
       SELECT $1, $2, $3, now() + make_interval(mins => $4), $5, $6
       WHERE NOT EXISTS (SELECT 1 FROM device_pairings WHERE code = $3 AND expires_at > now())
       RETURNING expires_at`,
      [
        randomBytes(9).toString('base64url'),
        sha256(handle),
        code,
        PAIRING_MINUTES,
        from.address,
        from.userAgent?.slice(0, 400) ?? null,
      ],
    );
    if (row) return { code, handle, expiresAt: row.expires_at };
  }
}

export type PairingState =
  | { status: 'pending'; expiresAt: Date }
  | { status: 'approved'; expiresAt: Date; deviceId: string };

/**
 * The pairing of a handle: pending, or approved (then it is spent: a second poll finds
 * nothing). null for an unknown, expired, spent or revoked one.
 */
export async function pollPairing(db: Sql, handle: string): Promise<PairingState | null> {
  const [row] = await db.query<{ expires_at: Date; device_id: string | null }>(
    `UPDATE device_pairings p SET claimed_at = now()
     FROM users u
     WHERE p.handle_sha256 = $1 AND p.claimed_at IS NULL AND p.approved_at IS NOT NULL
       AND p.approved_at > now() - make_interval(mins => $2)
       AND u.id = p.device_id AND u.disabled_at IS NULL
     RETURNING p.expires_at, p.device_id`,
    [sha256(handle), PAIRING_MINUTES],
  );
  if (row?.device_id) return { status: 'approved', expiresAt: row.expires_at, deviceId: row.device_id };
  const [waiting] = await db.query<{ expires_at: Date }>(
    `SELECT expires_at FROM device_pairings
     WHERE handle_sha256 = $1 AND approved_at IS NULL AND expires_at > now()`,
    [sha256(handle)],
  );
  return waiting ? { status: 'pending', expiresAt: waiting.expires_at } : null;
}

/** Approves a waiting code: a new device account (role wall) in the region. */
export async function approvePairing(
  db: Db,
  regions: RegionIndex,
  a: { code: string; regionId: string; name?: string | undefined },
  actor: AuditActor,
): Promise<Device> {
  const region = regions.get(a.regionId);
  if (!region) throw notFound(`unknown region ${a.regionId}`);
  const problem = roleRegionProblem('wall', region.level);
  if (problem) throw new HttpError(400, 'bad_request', problem);
  const code = a.code.trim().toUpperCase();
  return db.transaction(async (tx) => {
    const [pairing] = await tx.query<{ id: string }>(
      `SELECT id FROM device_pairings WHERE code = $1 AND expires_at > now() AND approved_at IS NULL
       FOR UPDATE`,
      [code],
    );
    if (!pairing) throw notFound(`no screen is waiting with the code ${code} (it may have expired)`);
    const id = randomBytes(6).toString('hex');
    const name = a.name?.trim() || `大屏 ${code}`;
    const [user] = await tx.query<{ created_at: Date }>(
      `INSERT INTO users (id, login, name, role, region_id, device)
       VALUES ($1, $2, $3, 'wall', $4, true) RETURNING created_at`,
      [id, `device-${id}`, name, region.id],
    );
    await tx.query('UPDATE device_pairings SET approved_at = now(), device_id = $2 WHERE id = $1', [
      pairing.id,
      id,
    ]);
    await writeAudit(tx, {
      kind: 'device_paired',
      actor,
      result: 'ok',
      targetUserId: id,
      detail: { name, regionId: region.id, pairing: pairing.id },
    });
    const pairedAt = formatIso((user as { created_at: Date }).created_at.getTime());
    return { id, name, regionId: region.id, pairedAt, lastSeenAt: null, revokedAt: null };
  });
}

export async function listDevices(db: Sql): Promise<Device[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    region_id: string;
    created_at: Date;
    disabled_at: Date | null;
    last_seen: Date | null;
  }>(
    `SELECT u.id, u.name, u.region_id, u.created_at, u.disabled_at,
       (SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id) AS last_seen
     FROM users u WHERE u.device ORDER BY u.created_at DESC, u.id`,
  );
  const iso = (d: Date | null) => (d ? formatIso(d.getTime()) : null);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    regionId: r.region_id,
    pairedAt: formatIso(r.created_at.getTime()),
    lastSeenAt: iso(r.last_seen),
    revokedAt: iso(r.disabled_at),
  }));
}

/** Revokes a device: its account is disabled and its sessions end. false: no such device. */
export async function revokeDevice(db: Db, id: string, actor: AuditActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ name: string; was: Date | null }>(
      'SELECT name, disabled_at AS was FROM users WHERE id = $1 AND device FOR UPDATE',
      [id],
    );
    if (!row) return false;
    if (row.was) return true;
    await tx.query('UPDATE users SET disabled_at = now(), updated_at = now() WHERE id = $1', [id]);
    const ended = await revokeUserSessions(tx, id);
    await writeAudit(tx, {
      kind: 'device_revoked',
      actor,
      result: 'ok',
      targetUserId: id,
      detail: { name: row.name, sessionsEnded: ended },
    });
    return true;
  });
}
