/**
 * GET /audit (administrators only), and the audit of every action on an event: who (the
 * account, its name and role, or the token), from where, when, what, and how it ended.
 */
import { type ActionRequest, AuditKind, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from '@ioc/contract/contract';
import { decodeCursor, encodeCursor } from '@ioc/contract/cursor';
import { badRequest, forbidden, HttpError } from '@ioc/contract/http';
import { parseIso } from '@ioc/domain/time';
import { type AuditActor, auditEntryExists, readAudit, writeAudit } from '../../auth/audit';
import type { Caller } from '../../auth/caller';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context';
import { type ApiHandler, type ApiRequest, callerOf } from '../kit';
import { origin } from './session';
import { parseLimit } from '@ioc/contract/input';

export function actorOf(caller: Caller, req: ApiRequest['req']): AuditActor {
  return {
    key: caller.key,
    userId: caller.person?.userId ?? null,
    name: caller.by,
    role: caller.person?.role ?? (caller.intake ? 'intake' : caller.scope.kind),
    ...origin(req),
  };
}

/** What the audit keeps of an action's (already checked) body. */
function actionOf(body: ActionRequest): { action: string; detail: Record<string, unknown> } {
  const detail: Record<string, unknown> = { clientActionId: body.clientActionId };
  if (body.toRegionId) detail.toRegionId = body.toRegionId;
  return { action: body.action, detail };
}

/** What each acting route (`acts` in @ioc/contract/routes) is refused as, and audited as. */
const ACTING = {
  postAction: {
    kind: 'event_action',
    anonymous: 'actions need a bearer token',
    readOnly: 'it may not act on events',
    claimed: (body: { action?: unknown }) =>
      typeof body.action === 'string' ? body.action.slice(0, 32) : 'unknown',
  },
  postEmergency: {
    kind: 'emergency_switch',
    anonymous: 'the emergency switch needs a person signed in',
    readOnly: 'it may not switch emergency focus',
    claimed: (body: { on?: unknown }) => (body.on === true ? 'on' : body.on === false ? 'off' : 'unknown'),
  },
} as const;

/**
 * Before an acting route's body is checked: nobody signed in hears 401, and an account that
 * reads only (planner, wall) 403 with the refusal audited, whatever either sent; so a
 * malformed attempt is refused as a well-formed one is, and on record as well.
 */
export function actingHook(ctx: ServerContext, name: keyof typeof ACTING) {
  const route = ACTING[name];
  return async (req: FastifyRequest) => {
    const caller = callerOf(req);
    if (caller.anonymous)
      throw new HttpError(401, 'unauthorized', route.anonymous, { 'www-authenticate': 'Bearer' });
    if (!caller.person || caller.person.canAct) return;
    const eventId = (req.params as Record<string, string> | undefined)?.id ?? null;
    await writeAudit(ctx.db, {
      kind: route.kind,
      actor: actorOf(caller, req),
      eventId,
      action: route.claimed((req.body ?? {}) as Record<string, unknown>),
      result: 'forbidden',
      detail: {},
    }).catch((e: unknown) => req.log.error({ err: e }, 'writing the audit log failed'));
    throw forbidden(`a ${caller.person.role} account reads only: ${route.readOnly}`);
  };
}

export const isActing = (name: string): name is keyof typeof ACTING => name in ACTING;

/**
 * POST /events/{id}/actions with people's rules: every outcome by a known caller is
 * audited (nobody signed in and read-only accounts were refused before, by actingHook).
 */
export function audited(handler: ApiHandler<ActionRequest>): ApiHandler<ActionRequest> {
  return async (r) => {
    const { caller, req, ctx, params } = r;
    const { action, detail } = actionOf(r.body);
    const record = (result: string) =>
      writeAudit(ctx.db, {
        kind: 'event_action',
        actor: actorOf(caller, req),
        eventId: params.id ?? null,
        action,
        result,
        detail,
      }).catch((e: unknown) => req.log.error({ err: e }, 'writing the audit log failed'));
    try {
      const out = await handler(r);
      await record('ok');
      return out;
    } catch (e) {
      await record(e instanceof HttpError ? e.code : 'internal');
      throw e;
    }
  };
}

function time(raw: string | null, name: string): string | null {
  if (raw === null) return null;
  const t = parseIso(raw);
  if (Number.isNaN(t)) throw badRequest(`${name} must be an ISO-8601 timestamp with offset`);
  return new Date(t).toISOString();
}

export const getAudit: ApiHandler = async ({ ctx, caller, query }) => {
  if (caller.person?.role !== 'admin') {
    if (!caller.person && caller.anonymous)
      throw new HttpError(401, 'unauthorized', 'the audit log needs an administrator signed in');
    throw forbidden('the audit log is for administrators');
  }
  const kindRaw = query.get('kind');
  let kinds: AuditKind[] | null = null;
  if (kindRaw !== null) {
    const values = kindRaw.split(',').map((v) => v.trim());
    const bad = values.filter((v) => !AuditKind.safeParse(v).success);
    if (bad.length > 0)
      throw badRequest(`kind must be among ${AuditKind.options.join(', ')} (got ${bad.join(', ')})`);
    kinds = values as AuditKind[];
  }
  const limit = parseLimit(query.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const cursorRaw = query.get('cursor');
  let after: string | null = null;
  if (cursorRaw !== null && cursorRaw !== '') {
    after = decodeCursor(cursorRaw).id;
    if (!(await auditEntryExists(ctx.db, after))) throw badRequest('cursor is not one this server issued');
  }
  const { items, more } = await readAudit(ctx.db, {
    userId: query.get('user'),
    kinds,
    since: time(query.get('since'), 'since'),
    until: time(query.get('until'), 'until'),
    after,
    limit,
  });
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      more && last ? encodeCursor({ sec: Math.floor(parseIso(last.at) / 1000), id: last.id }) : null,
  };
};
