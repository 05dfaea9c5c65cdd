/**
 * POST /devices/pair and GET /devices/pair/{handle} (open: a screen without a session),
 * POST /devices/approve, GET /devices and DELETE /devices/{id} (administrators).
 */
import type { DevicePairing, DevicePairingStatus } from '@ioc/contract/contract';
import { notFound } from '@ioc/contract/http';
import type { BodyOf } from '@ioc/contract/routes';
import { canAct } from '@ioc/domain/people';
import { formatIso } from '@ioc/domain/time';
import { writeAudit } from '../../auth/audit';
import { approvePairing, beginPairing, listDevices, pollPairing, revokeDevice } from '../../auth/devices';
import { createSession, sessionCookie } from '../../auth/sessions';
import type { ApiHandler } from '../kit';
import { mustBeAdmin } from './admin';
import { actorOf } from './audit';
import { origin } from './session';

/** A screen polls this often while its code waits. */
const POLL_MS = 3000;

export const postPairing: ApiHandler = async ({ ctx, req, reply }) => {
  const p = await beginPairing(ctx.db, origin(req));
  reply.code(201);
  return {
    code: p.code,
    handle: p.handle,
    expiresAt: formatIso(p.expiresAt.getTime()),
    pollMs: POLL_MS,
  } satisfies DevicePairing;
};

export const getPairing: ApiHandler = async ({ ctx, req, reply, params }) => {
  const state = await pollPairing(ctx.db, params.handle ?? '');
  if (!state) throw notFound('unknown, expired or already used pairing: ask for a new code');
  const expiresAt = formatIso(state.expiresAt.getTime());
  if (state.status === 'pending') return { status: 'pending', expiresAt } satisfies DevicePairingStatus;
  const settings = { ...ctx.people, maxMs: ctx.people.deviceMs };
  const from = origin(req);
  const session = await createSession(ctx.db, state.deviceId, settings, from);
  const [u] = await ctx.db.query<{ name: string; region_id: string }>(
    'SELECT name, region_id FROM users WHERE id = $1',
    [state.deviceId],
  );
  const name = u?.name ?? state.deviceId;
  const regionId = u?.region_id ?? ctx.regions.district.id;
  await writeAudit(ctx.db, {
    kind: 'signin',
    actor: { key: `user:${state.deviceId}`, userId: state.deviceId, name, role: 'wall', ...from },
    result: 'ok',
    targetUserId: state.deviceId,
    detail: { session: session.id, method: 'device' },
  });
  reply.header('set-cookie', sessionCookie(req, settings, session.secret));
  const region = ctx.regions.get(regionId);
  return {
    status: 'approved',
    expiresAt,
    session: {
      id: state.deviceId,
      login: `device-${state.deviceId}`,
      name,
      role: 'wall',
      regionId,
      regionName: region?.name ?? regionId,
      regionLevel: region?.level ?? 'district',
      canAct: canAct('wall'),
      expiresAt: formatIso(session.expiresAt.getTime()),
    },
  } satisfies DevicePairingStatus;
};

export const approveDevice: ApiHandler<BodyOf<'approveDevice'>> = async ({
  ctx,
  req,
  reply,
  caller,
  body,
}) => {
  mustBeAdmin(caller, 'devices');
  const device = await approvePairing(ctx.db, ctx.regions, body, actorOf(caller, req));
  reply.code(201);
  return device;
};

export const getDevices: ApiHandler = async ({ ctx, caller }) => {
  mustBeAdmin(caller, 'devices');
  return { items: await listDevices(ctx.db) };
};

export const deleteDevice: ApiHandler = async ({ ctx, req, reply, params, caller }) => {
  mustBeAdmin(caller, 'devices');
  if (!(await revokeDevice(ctx.db, params.id ?? '', actorOf(caller, req))))
    throw notFound(`no device ${params.id}`);
  // Its open streams end now on this instance (the others' within their check).
  void ctx.sessions.check();
  return reply.code(204).header('cache-control', 'no-store').send();
};
