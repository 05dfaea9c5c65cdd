/**
 * The OpenAPI 3.1 document, generated from the zod schemas in contract.ts and the routes'
 * declarations (./routes.ts: each operation's request body and answer) so they can never
 * disagree. `npm run build:openapi` writes it to docs/openapi.json; a unit test
 * fails when the committed file is out of date.
 */
import { z } from 'zod';
import * as C from './contract';
import { ROUTE_NAMES, ROUTES, type RouteDecl } from './routes';
import { FUTURE_SKEW_MS } from './input';

/** The named schemas of the document (components.schemas), as zod: tests parse answers with them. */
export const API_SCHEMAS = {
  Meta: C.Meta,
  RegionCollection: C.RegionCollection,
  LayerCatalog: C.LayerCatalog,
  FeatureCollection: C.AnyFeatureCollection,
  KpiResponse: C.KpiResponse,
  Event: C.IocEvent,
  EventPage: C.EventPage,
  MilestoneList: C.MilestoneList,
  EventChangePage: C.EventChangePage,
  ActionRequest: C.ActionRequest,
  EmergencySwitchRequest: C.EmergencySwitchRequest,
  EmergencyState: C.EmergencyState,
  IntakeEvent: C.IntakeEvent,
  IntakeBatch: C.IntakeBatch,
  IntakeResult: C.IntakeResult,
  IntakeBatchResult: C.IntakeBatchResult,
  SessionRequest: C.SessionRequest,
  SessionInfo: C.SessionInfo,
  SessionOptions: C.SessionOptions,
  AuditEntry: C.AuditEntry,
  AuditPage: C.AuditPage,
  DevicePairing: C.DevicePairing,
  DevicePairingStatus: C.DevicePairingStatus,
  DeviceApproveRequest: C.DeviceApproveRequest,
  Device: C.Device,
  DeviceList: C.DeviceList,
  UserAccount: C.UserAccount,
  UserList: C.UserList,
  UserCreateRequest: C.UserCreateRequest,
  UserChangeRequest: C.UserChangeRequest,
  SessionEntry: C.SessionEntry,
  SessionList: C.SessionList,
  MachineToken: C.MachineToken,
  MachineTokenList: C.MachineTokenList,
  TokenCreateRequest: C.TokenCreateRequest,
  TokenCreated: C.TokenCreated,
  Error: C.ApiError,
} as const;
const schemas = API_SCHEMAS;

const ref = (name: keyof typeof schemas) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof schemas, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
/**
 * A successful JSON answer: its schema is the route's declared `response` (./routes.ts),
 * filled in by withRoutes.
 */
const answer = (description: string) => ({ description });
const retryAfter = { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } };
const errors = {
  '400': json(
    'Error',
    'Bad parameters; the message names the field (text with NUL or an unpaired surrogate, an id over 128 characters, a query key given twice, a token in the URL, a time outside 2000-01-01 to 2100-01-01)',
  ),
  '401': json('Error', 'Unknown token'),
  '403': json('Error', 'The caller may not see or act on this region'),
  '404': json('Error', 'Unknown region, layer or event'),
  '503': {
    description: 'The database cannot be reached; retry after Retry-After seconds',
    headers: retryAfter,
    content: { 'application/json': { schema: ref('Error') } },
  },
};
/** What an administrator's route answers anyone else. */
const adminErrors = {
  '401': json('Error', 'Not signed in'),
  '403': json('Error', 'Not an administrator, or (a change) another origin'),
};
const pathId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
/** What a request body may be refused for, besides the errors above. */
const bodyErrors = {
  '413': json('Error', 'The body is larger than this endpoint accepts'),
  '415': json('Error', 'The body is not sent as Content-Type: application/json'),
};
const q = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const region = q('region', 'District, street or community id; narrows to that area');
const moment = (name: string, what: string) =>
  q(
    name,
    `${what}; ISO-8601 with offset, between 2000-01-01 and 2100-01-01 and not more than ${FUTURE_SKEW_MS / 60_000} minutes ahead of the server's clock (400 naming it otherwise)`,
    { type: 'string', format: 'date-time' },
  );
const historyFrom = {
  'X-History-From': {
    schema: { type: 'string', format: 'date-time' },
    description:
      'With a replay: every event changed at or after this moment is held; an older one may have been dropped by retention, so an answer for an earlier moment can lack events',
  },
};

export function buildOpenApi(): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
      io: 'output',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    components[name] = rest;
  }
  return withRoutes({
    openapi: '3.1.0',
    info: {
      title: 'IOC API',
      version: C.API_VERSION,
      description:
        'The contract between the IOC dashboard and a city data platform (docs/API.md). Timestamps are ISO-8601 with offset, between 2000-01-01 and 2100-01-01; coordinates are [lng, lat] in the CRS named by GET /meta. Tokens go in the Authorization header only (a query that holds one is refused); every query key at most once; text without NUL or unpaired surrogates; ids at most 128 characters. Every error is { error: { code, message } }; a method a path does not allow is 405 with Allow.',
    },
    servers: [{ url: C.API_PREFIX }],
    security: [{ bearer: [] }, { session: [] }, {}],
    paths: {
      '/meta': {
        get: { summary: 'Name, district and data CRS', responses: { '200': answer('OK'), ...errors } },
      },
      '/regions': {
        get: {
          summary: 'Administrative regions',
          parameters: [
            q('level', 'district, street or community', { enum: ['district', 'street', 'community'] }),
            q('parent', 'Only the children of this region'),
          ],
          responses: { '200': answer('GeoJSON FeatureCollection'), ...errors },
        },
      },
      '/layers': {
        get: {
          summary: 'The layer catalog',
          parameters: [
            region,
            moment(
              'asOf',
              "Replay: each entry's versionAt names the version that answers for this moment (a replaced import the server kept, or the current one), or is null where the server kept none that old: then count is current",
            ),
          ],
          responses: { '200': answer('OK'), ...errors },
        },
      },
      '/layers/{layerId}/features': {
        get: {
          summary: "A layer's features, filtered",
          parameters: [
            { name: 'layerId', in: 'path', required: true, schema: { type: 'string' } },
            region,
            q('bbox', 'minLng,minLat,maxLng,maxLat'),
            moment(
              'asOf',
              'Replay: the features of the version that answers for this moment (GET /layers?asOf= versionAt); 404 where the server kept no version that old',
            ),
          ],
          description:
            'Any catalog field may be passed as a query parameter; comma-separated values are alternatives. Vector tiles are current only.',
          responses: { '200': answer('GeoJSON FeatureCollection'), ...errors },
        },
      },
      '/layers/{layerId}/tiles/{z}/{x}/{y}.mvt': {
        get: {
          summary: "A layer's features as a Mapbox Vector Tile (layers whose catalog entry has `tiles`)",
          description:
            'Point layers only. Below the maximum zoom a crowded tile keeps one point per small cell, with a `count` tag saying how many it stands for.',
          parameters: [
            { name: 'layerId', in: 'path', required: true, schema: { type: 'string' } },
            ...['z', 'x', 'y'].map((name) => ({
              name,
              in: 'path',
              required: true,
              schema: { type: 'integer' },
            })),
            region,
          ],
          responses: {
            '200': {
              description: 'application/vnd.mapbox-vector-tile',
              content: {
                'application/vnd.mapbox-vector-tile': { schema: { type: 'string', format: 'binary' } },
              },
            },
            ...errors,
          },
        },
      },
      '/kpis': {
        get: {
          summary: 'Indicators',
          parameters: [
            region,
            moment(
              'asOf',
              'Replay: event indicators as they were at this moment, and those of a layer whose kept version answers then (GET /layers?asOf=); other layer indicators stay current, and every indicator carries asOf saying which',
            ),
          ],
          responses: { '200': { ...answer('OK'), headers: historyFrom }, ...errors },
        },
      },
      '/milestones': {
        get: {
          summary: `Moments worth replaying: a critical (severity ${C.CRITICAL_SEVERITY}) event reported, dispatched, or fallen overdue while open; the emergency switch turned on or off; the 12345 closure rate reaching or falling below its target (checked on the hour); oldest first`,
          parameters: [
            region,
            moment('from', 'Start of the range (default: a day before `to`)'),
            moment(
              'to',
              `End of the range (default: now); at most ${C.MILESTONE_RANGE_MAX_MS / 86_400_000} days after from`,
            ),
            q(
              'limit',
              `Default ${C.LIST_LIMIT_DEFAULT}, max ${C.LIST_LIMIT_MAX}; truncated says when more lie in the range`,
              {
                type: 'integer',
              },
            ),
          ],
          responses: { '200': { ...answer('OK'), headers: historyFrom }, ...errors },
        },
      },
      '/events': {
        get: {
          summary: 'Events, newest first',
          parameters: [
            region,
            q('status', 'Comma-separated statuses'),
            q('source', 'Comma-separated sources'),
            q(
              'since',
              'Only events updated at or after the start of this second (updatedAt has whole seconds); ISO-8601 with offset, between 2000-01-01 and 2100-01-01',
              { type: 'string', format: 'date-time' },
            ),
            q('limit', `Default ${C.LIST_LIMIT_DEFAULT}, max ${C.LIST_LIMIT_MAX}`, { type: 'integer' }),
            q('cursor', 'Opaque cursor from nextCursor'),
            moment(
              'asOf',
              'Replay: the events known at this moment (reported at or before it), each as it was then (status, assignee, history cut there, updatedAt its last entry); filters and order apply to that state',
            ),
          ],
          responses: {
            '200': {
              ...answer('OK'),
              headers: {
                ...historyFrom,
                'X-Skipped-Events': {
                  schema: { type: 'integer' },
                  description:
                    'How many stored events of this page could not be represented (a time outside the range) and were left out; absent when none',
                },
              },
            },
            ...errors,
          },
        },
        post: {
          summary: 'Report events from another system (intake token)',
          description: `For reporting systems (12345 hotline, AI video, IoT, network monitoring) with an intake token, which may call nothing else. One event, or \`{ events: [...] }\` (at most ${C.INTAKE_BATCH_MAX}). Idempotent on (source, externalId): a repeat is answered with the same id and \`created: false\`. \`location\` is in the data CRS and must lie in the token's region.`,
          responses: {
            '200': {
              description: 'A repeated event (created: false), or a batch: one result per event, in order',
            },
            '201': json('IntakeResult', 'The event was created'),
            '400': json(
              'Error',
              'Malformed: the message names the field (events[3].location); reportedAt more than 5 minutes ahead or 400 days back, dueAt before it or more than 400 days ahead',
            ),
            '401': json('Error', 'No or unknown token'),
            '403': json('Error', "Not an intake token, or the location is outside the token's region"),
            '413': json('Error', 'A batch larger than the token may send at once, or a body over 2 MiB'),
            '415': bodyErrors['415'],
            '429': {
              description: "Past the token's rate limit; retry after Retry-After seconds",
              headers: retryAfter,
              content: { 'application/json': { schema: ref('Error') } },
            },
            '503': errors['503'],
          },
        },
      },
      '/events/stream': {
        get: {
          summary: 'Server-Sent Events: `event: upsert`, `id: <seq>`, `data: Event`',
          description: `Honours Last-Event-ID (header, or lastEventId query parameter) and replays every upsert after it; sends \`event: reset\` when the id is older than the replay window, so the client back-fills from GET /events. A comment heartbeat every ${C.HEARTBEAT_MS / 1000} s.`,
          parameters: [
            region,
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'text/event-stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors,
          },
        },
      },
      '/events/{id}': {
        get: {
          summary: 'One event, now or as it was at a moment',
          description:
            "With asOf, the event as GET /events?asOf= lists it (history cut there). 404 when it is unknown, was not yet known then, or was not in the caller's region then: the three are not told apart.",
          parameters: [pathId, region, moment('asOf', 'Replay: the event as it was at this moment')],
          responses: { '200': { ...json('Event', 'OK'), headers: historyFrom }, ...errors },
        },
      },
      '/events/changes': {
        get: {
          summary: 'The changes of events between two moments, oldest first',
          description:
            "Each history entry with from < at <= to, as the event was right after it, ordered by time, event id and the event's version. A street or community sees a change when the event was its own right after it; applied in order to GET /events?asOf=from they give GET /events?asOf=to. A page may hold fewer than limit items and still a nextCursor.",
          parameters: [
            region,
            moment('from', 'Exclusive start (default: a day before `to`)'),
            moment(
              'to',
              `Inclusive end (default: now); at most ${C.CHANGES_RANGE_MAX_MS / 86_400_000} days after from (400 naming from otherwise)`,
            ),
            q('limit', `Default ${C.LIST_LIMIT_DEFAULT}, max ${C.LIST_LIMIT_MAX} (400 otherwise)`, {
              type: 'integer',
            }),
            q('cursor', 'Opaque cursor from nextCursor'),
          ],
          responses: { '200': { ...json('EventChangePage', 'OK'), headers: historyFrom }, ...errors },
        },
      },
      '/events/{id}/actions': {
        post: {
          summary: 'Act on an event along the dispatch chain',
          description:
            "Idempotent on clientActionId: a repeat returns the same event and applies nothing. With expectedVersion (the event's history length when the caller saw it) the action applies only to that version of the event; a repeat is answered before that check.",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': answer('The updated event'),
            ...errors,
            ...bodyErrors,
            '409': json(
              'Error',
              "The event's status does not allow this action (invalid_transition), the event is no longer at expectedVersion (stale_version: error.current is the event now), or the stored event cannot be represented (unreadable_event)",
            ),
          },
        },
      },
      '/emergency': {
        get: {
          summary:
            'Whether emergency focus (平战切换) is on for a region, now or at a moment, and who switched it',
          description:
            'The last recorded switch at or before the moment of the region or a region above it: a district-wide switch holds for every street until a street switches itself. Anyone who may read the region may read it.',
          parameters: [region, moment('asOf', 'Replay: the state as it was at this moment')],
          responses: { '200': { ...answer('OK'), headers: historyFrom }, ...errors },
        },
        post: {
          summary:
            'Turn emergency focus on or off for the district or a street (a signed-in person who acts)',
          description:
            "Recorded append-only with the person and the time, and audited. regionId defaults to the person's own region and must be the district or a street within it; incidentId must be an event in that region. Idempotent on clientActionId (the caller's own keys): a repeat answers the state after the first and records nothing; the key sent with another switch is refused (409). Machine tokens, planners, walls and community accounts are refused (403); nobody signed in, 401.",
          responses: {
            '200': answer("The region's state after the switch"),
            ...errors,
            ...bodyErrors,
            '409': json('Error', 'clientActionId was already used for another switch (idempotency_conflict)'),
          },
        },
      },
      '/session': {
        post: {
          summary: 'Sign in: a person with login and password gets a session cookie',
          description: `Sets \`${C.SESSION_COOKIE}\` (HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS), a new session every time. An unknown login and a wrong password get the same 401. After ${C.SIGNIN_LIMITS.perAccount} failures for a login (or ${C.SIGNIN_LIMITS.perAddress} from an address) within ${C.SIGNIN_LIMITS.windowMinutes} minutes, 429 with Retry-After. A request whose Origin is another site's is refused (403).`,
          security: [{}],
          responses: {
            '200': {
              description: 'Signed in: who, and when the session ends at the latest',
              headers: { 'Set-Cookie': { schema: { type: 'string' } } },
            },
            '400': json('Error', 'Not { login, password }'),
            '415': bodyErrors['415'],
            '401': json('Error', 'The login or the password is wrong (one answer for both)'),
            '403': json('Error', 'A disabled account (right password), or another origin'),
            '429': {
              description:
                'Too many failed sign-ins for the login or from the address; retry after Retry-After seconds',
              headers: { 'Retry-After': { schema: { type: 'integer' } } },
              content: { 'application/json': { schema: ref('Error') } },
            },
          },
        },
        get: {
          summary: 'Who is signed in (the session cookie)',
          security: [{ session: [] }],
          responses: {
            '200': answer('The person and their session'),
            '401': json('Error', 'Not signed in, or the session has ended (the cookie is cleared)'),
          },
        },
        delete: {
          summary: 'Sign out: the session ends and the cookie is cleared',
          security: [{ session: [] }, {}],
          responses: {
            '204': { description: 'Signed out (also when no session was open)' },
            '403': json('Error', 'Another origin'),
          },
        },
      },
      '/session/options': {
        get: {
          summary: 'How one may sign in here: whether this is the demo, and its demo accounts',
          description: 'A deployment that is not the demo lists no accounts.',
          security: [{}],
          responses: { '200': answer('OK') },
        },
      },
      '/session/oidc': {
        get: {
          summary: 'Begin single sign-on: a redirect to the OpenID provider',
          description:
            'Only where the server is configured for it (GET /session/options then offers `sso`). The authorization code flow with PKCE; its state waits in a short-lived HttpOnly cookie.',
          security: [{}],
          responses: {
            '303': { description: "To the provider's sign-in" },
            '404': json('Error', 'Single sign-on is not configured'),
            '503': json('Error', 'The provider cannot be reached'),
          },
        },
      },
      '/session/oidc/callback': {
        get: {
          summary: "The provider's answer: a session cookie, then the app",
          description:
            "The account is bound to the provider's subject; its role and region follow the configured claims. A flow that did not begin in this browser, a refusal by the provider, an unknown person (where accounts are not created) or a disabled account is refused.",
          security: [{}],
          responses: {
            '303': {
              description: 'Signed in: to the app',
              headers: { 'Set-Cookie': { schema: { type: 'string' } } },
            },
            '400': json('Error', 'The flow did not begin in this browser, or took too long'),
            '401': json('Error', 'The provider refused, or its answer is not valid'),
            '403': json(
              'Error',
              'No account for this person, a disabled one, or claims that give no role and region',
            ),
            '404': json('Error', 'Single sign-on is not configured'),
          },
        },
      },
      '/devices/pair': {
        post: {
          summary: 'A screen without a session asks to be paired: a code to show, a handle to poll',
          description: `The code is approved by an administrator (POST /devices/approve) within ${C.PAIRING_MINUTES} minutes.`,
          security: [{}],
          responses: {
            '201': answer('The code and the handle'),
            '429': json('Error', 'Too many pairings waiting from this address'),
          },
        },
      },
      '/devices/pair/{handle}': {
        get: {
          summary: "The screen's poll: pending, or approved (once: the device's session cookie is set)",
          security: [{}],
          parameters: [{ name: 'handle', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Pending, or approved with the session (Set-Cookie)',
              headers: { 'Set-Cookie': { schema: { type: 'string' } } },
            },
            '400': errors['400'],
            '404': json('Error', 'Unknown, expired or already collected'),
          },
        },
      },
      '/devices/approve': {
        post: {
          summary: "Approve a screen's code for a region (administrators): a new read-only device",
          security: [{ session: [] }],
          responses: {
            '201': answer('The device (its screen collects its session at its next poll)'),
            '400': json('Error', 'Not { code, regionId, name? }, or a region a wall may not have'),
            '401': json('Error', 'Not signed in'),
            '403': json('Error', 'Not an administrator, or another origin'),
            '404': json('Error', 'No screen waiting with this code, or an unknown region'),
            ...bodyErrors,
          },
        },
      },
      '/devices': {
        get: {
          summary: 'The paired devices, newest first (administrators)',
          security: [{ session: [] }],
          responses: {
            '200': answer('OK'),
            '401': json('Error', 'Not signed in'),
            '403': json('Error', 'Not an administrator'),
          },
        },
      },
      '/devices/{id}': {
        delete: {
          summary: 'Revoke a device (administrators): its sessions end, its streams within seconds',
          security: [{ session: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '204': { description: 'Revoked (also when it already was)' },
            '401': json('Error', 'Not signed in'),
            '403': json('Error', 'Not an administrator, or another origin'),
            '404': json('Error', 'No such device'),
          },
        },
      },
      '/users': {
        get: {
          summary: 'The accounts, by login (administrators)',
          security: [{ session: [] }],
          responses: { '200': answer('OK'), ...adminErrors },
        },
        post: {
          summary: 'Create an account (administrators); audited',
          security: [{ session: [] }],
          responses: {
            '201': answer('Created'),
            '400': json(
              'Error',
              'Not the body above, a login or password the rules refuse, or a region the role may not hold',
            ),
            ...adminErrors,
            '404': json('Error', 'Unknown region'),
            '409': json('Error', 'The login is taken'),
            ...bodyErrors,
          },
        },
      },
      '/users/{id}': {
        patch: {
          summary:
            'Change one thing of an account (administrators): its name, its role and region, disabled or enabled, or its password; audited. Disabling and a new password end its sessions.',
          security: [{ session: [] }],
          parameters: [pathId],
          responses: {
            '200': answer('Changed'),
            '400': json(
              'Error',
              "Not one change above, a rule's refusal, or the administrator's own role or account",
            ),
            ...adminErrors,
            '404': json('Error', 'No such account, or an unknown region'),
            ...bodyErrors,
          },
        },
      },
      '/sessions': {
        get: {
          summary: 'The live sessions, most recently used first (administrators)',
          security: [{ session: [] }],
          responses: { '200': answer('OK'), ...adminErrors },
        },
      },
      '/sessions/{id}': {
        delete: {
          summary:
            'End a session (administrators): its next request is refused, its streams end within seconds; audited',
          security: [{ session: [] }],
          parameters: [pathId],
          responses: {
            '204': { description: 'Ended' },
            ...adminErrors,
            '404': json('Error', 'No live session with this id'),
          },
        },
      },
      '/tokens': {
        get: {
          summary: 'The machine tokens, revoked ones too (administrators); never a secret',
          security: [{ session: [] }],
          responses: { '200': answer('OK'), ...adminErrors },
        },
        post: {
          summary: 'Create a machine token (administrators); audited. The secret is in this answer only.',
          security: [{ session: [] }],
          responses: {
            '201': answer('Created'),
            '400': json('Error', "Not the body above, or a region of another level than the role's"),
            ...adminErrors,
            '404': json('Error', 'Unknown region'),
            ...bodyErrors,
          },
        },
      },
      '/tokens/{id}': {
        delete: {
          summary: 'Revoke a machine token (administrators): refused from its next request; audited',
          security: [{ session: [] }],
          parameters: [pathId],
          responses: {
            '204': { description: 'Revoked' },
            ...adminErrors,
            '404': json('Error', 'No active token with this id'),
          },
        },
      },
      '/audit': {
        get: {
          summary: 'The audit log, newest first (administrators only)',
          description:
            'Sign-ins (failed ones too), sign-outs, every action on an event, and changes to accounts: who, from where, when, what, and the result.',
          security: [{ session: [] }],
          parameters: [
            q('user', "An account's id: what it did and what was done to it"),
            q('kind', 'Comma-separated kinds', { type: 'string' }),
            q('since', 'At or after this time'),
            q('until', 'Before this time'),
            q('limit', `Default ${C.LIST_LIMIT_DEFAULT}, max ${C.LIST_LIMIT_MAX}`, { type: 'integer' }),
            q('cursor', 'Opaque cursor from nextCursor'),
          ],
          responses: {
            '200': answer('OK'),
            '400': json('Error', 'Bad parameters'),
            '401': json('Error', 'Not signed in'),
            '403': json('Error', 'Not an administrator'),
          },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A street token binds the caller to one street',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: C.SESSION_COOKIE,
          description:
            "A person's session (POST /session). Changes (POST, DELETE) must come from the server's own origin.",
        },
      },
    },
  });
}

type Response = { description: string; content?: unknown };
type Operation = Record<string, unknown> & { responses: Record<string, Response> };
type Doc = { paths: Record<string, Record<string, Operation>> };

const NAMES = new Map<z.ZodType, string>(Object.entries(schemas).map(([name, s]) => [s, name]));

/** A declared schema as the document refers to it: a named one, or a union of named ones. */
function schemaRef(schema: z.ZodType): object {
  const name = NAMES.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  if (schema instanceof z.ZodUnion) return { oneOf: schema.options.map((o) => schemaRef(o as z.ZodType)) };
  throw new Error('a route declares a schema the OpenAPI document does not name (API_SCHEMAS)');
}

/**
 * The document describes exactly the declared routes (./routes.ts), each operation named by
 * its route, with its request body and successful answer (a 2xx that names no content of
 * its own) as the route declares them: a path described and not declared, or declared and
 * not described, stops the build.
 */
function withRoutes<D extends Doc>(doc: D): D {
  const described = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const name = ROUTE_NAMES.find(
        (n) => ROUTES[n].path === path && ROUTES[n].method === method.toUpperCase(),
      );
      if (!name)
        throw new Error(
          `the OpenAPI document describes ${method.toUpperCase()} ${path}, not a declared route`,
        );
      const decl: RouteDecl = ROUTES[name];
      const { responses, ...head } = op;
      const media = (schema: z.ZodType) => ({ 'application/json': { schema: schemaRef(schema) } });
      const ok = Object.entries(responses).map(([status, r]): [string, Response] =>
        decl.response && /^2/u.test(status) && r.content === undefined
          ? [status, Object.assign({ description: r.description, content: media(decl.response) }, r)]
          : [status, r],
      );
      item[method] = {
        ...head,
        ...(decl.body ? { requestBody: { required: true, content: media(decl.body) } } : {}),
        responses: Object.fromEntries(ok),
        operationId: name,
      };
      described.add(name);
    }
  const missing = ROUTE_NAMES.filter((n) => !described.has(n));
  if (missing.length > 0) throw new Error(`the OpenAPI document does not describe ${missing.join(', ')}`);
  return doc;
}
