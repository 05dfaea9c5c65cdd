/**
 * The IOC API contract (v1), formal version of docs/API.md.
 * One place for the shapes: the client validates every payload with these schemas,
 * the mock server types its responses with the inferred types, and
 * `scripts/build-openapi.ts` generates docs/openapi.json from them.
 * This file must not import from the app or the mock server.
 */
import './zodConfig';
import { z } from 'zod';
import { ID_MAX, textFault } from './input';

export const API_VERSION = 'v1';
export const API_PREFIX = '/api/v1';

/** ISO-8601 with an offset, as the contract demands (e.g. 2026-11-22T09:30:00+08:00). */
export const Timestamp = z.iso.datetime({ offset: true });

export const Crs = z.enum(['WGS84', 'GCJ02', 'BD09', 'CGCS2000']);
export type Crs = z.infer<typeof Crs>;

/** [lng, lat]; finite numbers in the valid range (hostile payloads carry NaN or swapped pairs). */
export const LngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type LngLat = z.infer<typeof LngLat>;

/**
 * Text a caller sends: no NUL and no unpaired surrogate (PostgreSQL cannot store the one,
 * JSON cannot carry the other), so every implementation refuses it with a 400 naming the field.
 * Every string the API accepts in a body is one.
 */
export const Text = z.string().check((ctx) => {
  const fault = textFault(ctx.value);
  if (fault) ctx.issues.push({ code: 'custom', message: fault, input: ctx.value });
});
/** An id a caller sends (a region, an event, a key of its own): text of 1 to 128 characters. */
export const Id = Text.min(1).max(ID_MAX);

// ---------- GeoJSON ----------
/** A GeoJSON position: [lng, lat] (+ height) in range, so swapped or scaled pairs are caught. */
const Position = z
  .array(z.number())
  .min(2)
  .max(3)
  .refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, 'position out of range');
const PointGeom = z.object({ type: z.literal('Point'), coordinates: LngLat });
const MultiPointGeom = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(LngLat) });
const LineStringGeom = z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) });
const MultiLineStringGeom = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(Position).min(2)),
});
const Ring = z.array(Position).min(4);
const PolygonGeom = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) });
const MultiPolygonGeom = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(Ring).min(1)).min(1),
});
export const Geometry = z.discriminatedUnion('type', [
  PointGeom,
  MultiPointGeom,
  LineStringGeom,
  MultiLineStringGeom,
  PolygonGeom,
  MultiPolygonGeom,
]);
export type Geometry = z.infer<typeof Geometry>;
export const GeometryType = z.enum(['Point', 'LineString', 'Polygon']);
export type GeometryType = z.infer<typeof GeometryType>;

/** Properties every thematic feature carries. */
export const BaseProps = z.object({ id: z.string(), name: z.string(), regionId: z.string() });

export function featureOf<P extends z.ZodType>(props: P) {
  return z.object({
    type: z.literal('Feature'),
    id: z.union([z.string(), z.number()]).optional(),
    geometry: Geometry,
    properties: props,
  });
}
export function featureCollectionOf<P extends z.ZodType>(props: P) {
  return z.object({ type: z.literal('FeatureCollection'), features: z.array(featureOf(props)) });
}
export type Feature<P> = { type: 'Feature'; id?: string | number; geometry: Geometry; properties: P };
export type FeatureCollection<P> = { type: 'FeatureCollection'; features: Feature<P>[] };

// ---------- /meta ----------
export const Meta = z.object({
  name: z.string(),
  district: z.string(),
  crs: Crs,
  dataUpdatedAt: Timestamp,
  apiVersion: z.string(),
});
export type Meta = z.infer<typeof Meta>;

// ---------- /regions ----------
export const RegionLevel = z.enum(['district', 'street', 'community']);
export type RegionLevel = z.infer<typeof RegionLevel>;
export const RegionProps = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().optional(),
  level: RegionLevel,
  parentId: z.string().nullable(),
  population: z.number().int().nonnegative(),
  areaKm2: z.number().nonnegative(),
  center: LngLat.optional(),
});
export type RegionProps = z.infer<typeof RegionProps>;
export const RegionCollection = featureCollectionOf(RegionProps);
export type RegionCollection = FeatureCollection<RegionProps>;

// ---------- /layers ----------
export const FieldType = z.enum(['string', 'number', 'integer', 'boolean', 'datetime', 'enum']);
export const LayerField = z.object({
  key: z.string(),
  label: z.string(),
  type: FieldType,
  unit: z.string().optional(),
  values: z.array(z.string()).optional(),
});
export type LayerField = z.infer<typeof LayerField>;
/**
 * Where a layer too large for GeoJSON is served as vector tiles (a tile server such as
 * Martin, or a PMTiles archive behind an endpoint that serves MVT). Tiles carry the same
 * properties as GET /layers/{id}/features, in the data CRS (GET /meta).
 */
export const LayerTiles = z.object({
  format: z.literal('mvt'),
  /** XYZ template with {z}, {x} and {y}: absolute, or relative to the API base URL. */
  url: z.string().min(1),
  minzoom: z.number().int().min(0).max(24),
  maxzoom: z.number().int().min(0).max(24),
  /** The MVT source-layer that holds the features. */
  layer: z.string().min(1),
});
export type LayerTiles = z.infer<typeof LayerTiles>;
/**
 * With GET /layers?asOf=: the version of the layer that answers for that moment (a replaced
 * import the server kept, or the current one, validTo null). Null where the server kept no
 * version that old, or none at all: then `count` and the features are current data.
 */
export const LayerVersionAt = z.object({
  validFrom: Timestamp,
  validTo: Timestamp.nullable(),
});
export type LayerVersionAt = z.infer<typeof LayerVersionAt>;
export const LayerInfo = z.object({
  id: z.string(),
  title: z.string(),
  group: z.string(),
  geometry: GeometryType,
  count: z.number().int().nonnegative(),
  updatedAt: Timestamp,
  fields: z.array(LayerField),
  tiles: LayerTiles.optional(),
  /** Only in an answer to ?asOf= (LayerVersionAt); `count` is then that version's. */
  versionAt: LayerVersionAt.nullable().optional(),
});
export type LayerInfo = z.infer<typeof LayerInfo>;
export const LayerCatalog = z.array(LayerInfo);
export type LayerCatalog = z.infer<typeof LayerCatalog>;

// Thematic layer properties (docs/API.md table). Layer modules in layers/ reuse these.
export const StationProps = BaseProps.extend({
  kind: z.enum(['macro', 'micro']),
  operator: z.enum(['CMCC', 'CUCC', 'CTCC', 'tower']),
  status: z.enum(['planned', 'approved', 'building', 'on-air']),
  issue: z.string().optional(),
  onAirAt: Timestamp.optional(),
});
export const KioskProps = BaseProps.extend({
  kind: z.enum(['24h-area', 'terminal']),
  status: z.enum(['existing', 'planned']),
  terminals: z.number().int().nonnegative(),
  services: z.number().int().nonnegative(),
  dailyUses: z.number().int().nonnegative(),
});
export const KindergartenProps = BaseProps.extend({
  cameras: z.number().int().nonnegative(),
  camerasOnline: z.number().int().nonnegative(),
  stage: z.enum(['surveyed', 'designed', 'installing', 'done']),
  pupils: z.number().int().nonnegative(),
});
export const DemolitionProps = BaseProps.extend({
  kind: z.enum(['phase', 'project']),
  stage: z.string(),
  areaM2: z.number().nonnegative(),
  buildings: z.number().int().nonnegative(),
  households: z.number().int().nonnegative(),
  difficulty: z.number().int().min(1).max(5),
});
export const MedicalProps = BaseProps.extend({
  kind: z.enum(['hospital', 'community-health', 'clinic']),
  grade: z.string().optional(),
  beds: z.number().int().nonnegative(),
  doctors: z.number().int().nonnegative(),
});
export type StationProps = z.infer<typeof StationProps>;
export type KioskProps = z.infer<typeof KioskProps>;
export type KindergartenProps = z.infer<typeof KindergartenProps>;
export type DemolitionProps = z.infer<typeof DemolitionProps>;
export type MedicalProps = z.infer<typeof MedicalProps>;
/** `urban-villages` (Polygon): docs/DATA.md's 499 urban villages, 55 with telecom lines put underground. */
export const UrbanVillageProps = BaseProps.extend({
  undergroundLines: z.boolean(),
  population: z.number().int().nonnegative(),
  buildings: z.number().int().nonnegative(),
});
export type UrbanVillageProps = z.infer<typeof UrbanVillageProps>;

/** Any layer's features: base props plus whatever the layer adds (checked by the layer's own schema). */
export const AnyFeatureCollection = featureCollectionOf(BaseProps.loose());

// ---------- /kpis ----------
export const TrendPoint = z.object({ t: Timestamp, v: z.number() });
export const Indicator = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number(),
  unit: z.string(),
  target: z.number().optional(),
  trend: z.array(TrendPoint).optional(),
  breakdown: z.array(z.object({ regionId: z.string(), value: z.number() })).optional(),
  /**
   * With `GET /kpis?asOf=`: the moment this figure holds for. Event figures are replayed to
   * `asOf`; layer figures have no history and hold for now, which this field says.
   */
  asOf: Timestamp.optional(),
});
export type Indicator = z.infer<typeof Indicator>;
export const KpiResponse = z.object({ asOf: Timestamp, indicators: z.array(Indicator) });
export type KpiResponse = z.infer<typeof KpiResponse>;

// ---------- events ----------
export const EventSource = z.enum(['12345', 'grid', 'ai-video', 'iot', 'network']);
export type EventSource = z.infer<typeof EventSource>;
export const EventStatus = z.enum(['reported', 'dispatched', 'handling', 'resolved', 'closed']);
export type EventStatus = z.infer<typeof EventStatus>;
export const Severity = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export const AssigneeLevel = z.enum(['district', 'street', 'community']);
export const EventAction = z.enum(['dispatch', 'claim', 'resolve', 'close', 'reopen', 'escalate']);
export type EventAction = z.infer<typeof EventAction>;

export const HistoryEntry = z.object({
  at: Timestamp,
  action: z.union([EventAction, z.literal('report')]),
  by: z.string(),
  fromStatus: EventStatus.nullable(),
  toStatus: EventStatus,
  note: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const IocEvent = z.object({
  id: z.string(),
  source: EventSource,
  category: z.string(),
  title: z.string(),
  description: z.string(),
  severity: Severity,
  status: EventStatus,
  regionId: z.string(),
  communityId: z.string().optional(),
  location: LngLat,
  reportedAt: Timestamp,
  dueAt: Timestamp,
  updatedAt: Timestamp,
  assignee: z.object({ level: AssigneeLevel, regionId: z.string() }).optional(),
  history: z.array(HistoryEntry),
});
export type IocEvent = z.infer<typeof IocEvent>;

export const EventPage = z.object({ items: z.array(IocEvent), nextCursor: z.string().nullable() });
export type EventPage = z.infer<typeof EventPage>;

// ---------- replay (as of a moment) ----------
/**
 * Moments worth stepping to: a critical event reported, dispatched, or fallen overdue; the
 * emergency switch turned on or off (`emergency_on`, `emergency_off`); an event KPI with a
 * target reaching it or falling below it (`kpi_met`, `kpi_missed`), checked every KPI_STEP_MS.
 */
export const MilestoneKind = z.enum([
  'reported',
  'dispatched',
  'overdue',
  'emergency_on',
  'emergency_off',
  'kpi_met',
  'kpi_missed',
]);
export type MilestoneKind = z.infer<typeof MilestoneKind>;
export const Milestone = z.object({
  at: Timestamp,
  kind: MilestoneKind,
  /** The event (an event's milestone; a switch's incident, when it named one). */
  eventId: z.string().optional(),
  /** The event's title, the switched region's name, or the indicator's label. */
  title: z.string(),
  /** The event's street, the switched region, or the region the KPI was computed for. */
  regionId: z.string(),
  /** A switch: who switched it (the person's display name). */
  by: z.string().optional(),
  /** A KPI crossing: the indicator (GET /kpis id), its value then and its target. */
  indicator: z.string().optional(),
  value: z.number().optional(),
  target: z.number().optional(),
});
export type Milestone = z.infer<typeof Milestone>;
/** Oldest first; `truncated` when the range held more than `limit`. */
export const MilestoneList = z.object({ items: z.array(Milestone), truncated: z.boolean() });
export type MilestoneList = z.infer<typeof MilestoneList>;
/** The severity whose events are milestones. */
export const CRITICAL_SEVERITY = 4;
/** The longest range GET /milestones reads at once. */
export const MILESTONE_RANGE_MAX_MS = 31 * 24 * 3600_000;
/** KPI crossings are checked on the hour, every hour of the range (at most 745 checks). */
export const KPI_STEP_MS = 3600_000;

// ---------- the emergency switch (平战切换) ----------
/**
 * A signed-in person with an acting role turns incident focus on or off for the district or
 * a street within their scope (default: their own region). `clientActionId` makes a retry
 * safe as for event actions: it is the caller's own, and a key sent again with another
 * switch (another region, state, incident or note) is refused (409 idempotency_conflict).
 */
export const EmergencySwitchRequest = z.strictObject({
  on: z.boolean(),
  regionId: Id.optional(),
  /** The event the focus is on (an event in the switched region). */
  incidentId: Id.optional(),
  note: Text.max(500).optional(),
  clientActionId: Text.min(8).max(ID_MAX),
});
export type EmergencySwitchRequest = z.infer<typeof EmergencySwitchRequest>;
/** One recorded switch: append-only, with who and when. */
export const EmergencySwitchRecord = z.object({
  at: Timestamp,
  on: z.boolean(),
  regionId: z.string(),
  by: z.string(),
  incidentId: z.string().nullable(),
  note: z.string().nullable(),
});
export type EmergencySwitchRecord = z.infer<typeof EmergencySwitchRecord>;
/**
 * Whether incident focus was on for a region at a moment: the last switch at or before it
 * of the region or a region above it (a district-wide switch holds for every street until a
 * street switches itself). `last` is null where nobody has switched (peacetime).
 */
export const EmergencyState = z.object({
  asOf: Timestamp,
  regionId: z.string(),
  on: z.boolean(),
  last: EmergencySwitchRecord.nullable(),
});
export type EmergencyState = z.infer<typeof EmergencyState>;

/**
 * One change of GET /events/changes: the event right after it (history up to and including
 * it), at the change's time. Its version (history length) tells two changes in one second apart.
 */
export const EventChange = z.object({ at: Timestamp, event: IocEvent });
export type EventChange = z.infer<typeof EventChange>;
export const EventChangePage = z.object({ items: z.array(EventChange), nextCursor: z.string().nullable() });
export type EventChangePage = z.infer<typeof EventChangePage>;
/** The longest range GET /events/changes reads: a playback steps minutes, a jump asks `asOf`. */
export const CHANGES_RANGE_MAX_MS = 7 * 24 * 3600_000;

/**
 * An event's version: the number of entries in its history. Every change to an event adds
 * exactly one entry and history is append-only, so the version only grows, and anyone who
 * holds the event's JSON knows which version they saw.
 */
export const eventVersion = (ev: Pick<IocEvent, 'history'>): number => ev.history.length;

export const ActionRequest = z.object({
  action: EventAction,
  toRegionId: Id.optional(),
  note: Text.max(2000).optional(),
  clientActionId: Text.min(8).max(ID_MAX),
  /**
   * The event's version (eventVersion) the caller decided on, like HTTP If-Match: when the
   * event has changed since, the action is refused with 409 `stale_version` and the current
   * event. Optional for machine callers; the app always sends it.
   */
  expectedVersion: z.number().int().min(1).optional(),
});
export type ActionRequest = z.infer<typeof ActionRequest>;

/**
 * The contract's error body. `current` comes with a 409 `stale_version`: the event as it is
 * now, so the caller can see what changed and decide again.
 */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), current: IocEvent.optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

// ---------- intake: other systems report events (POST /events, an intake token) ----------
/**
 * One event as a reporting system (the 12345 hotline, AI video, IoT, network monitoring)
 * sends it. `externalId` is the system's own id: the same (source, externalId) is one event
 * however often it is sent. `location` is in the data CRS (GET /meta); the server finds the
 * street and community. Unknown keys are refused, so a misspelt optional field is noticed.
 */
export const IntakeEvent = z.strictObject({
  source: EventSource,
  externalId: Id,
  category: Text.min(1).max(64),
  title: Text.min(1).max(200),
  description: Text.max(4000).optional(),
  severity: Severity,
  location: LngLat,
  /** When it happened (default: when received). */
  reportedAt: Timestamp.optional(),
  /** When it must be handled (default: the source's deadline for the severity). */
  dueAt: Timestamp.optional(),
});
export type IntakeEvent = z.infer<typeof IntakeEvent>;
export const INTAKE_BATCH_MAX = 500;
export const IntakeBatch = z.strictObject({ events: z.array(IntakeEvent).min(1).max(INTAKE_BATCH_MAX) });
export type IntakeBatch = z.infer<typeof IntakeBatch>;
/** What became of one reported event: its id here, and whether this request created it. */
export const IntakeResult = z.object({ externalId: z.string(), id: z.string(), created: z.boolean() });
export type IntakeResult = z.infer<typeof IntakeResult>;
export const IntakeBatchResult = z.object({ results: z.array(IntakeResult) });
export type IntakeBatchResult = z.infer<typeof IntakeBatchResult>;

// ---------- people: sign-in, sessions and the audit log ----------
/**
 * A person's role. admin, district and street/community act on events in their region;
 * planner and wall read only. Which region each role may hold: @ioc/domain/people.
 */
export const PersonRole = z.enum(['admin', 'district', 'street', 'community', 'planner', 'wall']);
export type PersonRole = z.infer<typeof PersonRole>;

/** The session cookie a sign-in sets (HttpOnly: the app never reads it). */
export const SESSION_COOKIE = 'ioc_session';

/** Failed sign-ins allowed within the window, per login and per source address, before 429. */
export const SIGNIN_LIMITS = { perAccount: 10, perAddress: 50, windowMinutes: 15 } as const;

/** POST /session: sign in with a login (any case) and a password. */
export const SessionRequest = z.strictObject({
  login: Text.min(1).max(64),
  password: Text.min(1).max(1024),
});
export type SessionRequest = z.infer<typeof SessionRequest>;

/** Who is signed in (GET /session, and the answer to POST /session). */
export const SessionInfo = z.object({
  /** The account's id (history and audit name it). */
  id: z.string(),
  login: z.string(),
  /** The display name, as the event history shows it. */
  name: z.string(),
  role: PersonRole,
  regionId: z.string(),
  regionName: z.string(),
  regionLevel: RegionLevel,
  /** false for planner and wall: they read, and POST actions are refused (403). */
  canAct: z.boolean(),
  /** When the session ends at the latest (it ends sooner after the idle time). */
  expiresAt: Timestamp,
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** A demo account the sign-in page may offer (the demo only). */
export const DemoAccount = z.object({
  login: z.string(),
  name: z.string(),
  role: PersonRole,
  regionId: z.string(),
});
export type DemoAccount = z.infer<typeof DemoAccount>;

/** GET /session/options: how one may sign in here. A real deployment lists no demo accounts. */
export const SessionOptions = z.object({
  demo: z.boolean(),
  /** The demo accounts' public password (the demo only; documented as public). */
  demoPassword: z.string().optional(),
  demoAccounts: z.array(DemoAccount),
  /**
   * Single sign-on, where the deployment has it: the sign-in page offers a button that
   * navigates to `startUrl` (the server's own start of the identity provider's flow). Absent: none.
   */
  sso: z.object({ label: z.string().optional(), startUrl: z.string().min(1) }).optional(),
});
export type SessionOptions = z.infer<typeof SessionOptions>;

/** How long a wall's pairing code may be approved, and its handle polled. */
export const PAIRING_MINUTES = 10;

/** POST /devices/pair: the code the screen shows, and the handle only it keeps (to poll). */
export const DevicePairing = z.object({
  /** Six letters and digits, read off the screen and typed in by an administrator. */
  code: z.string(),
  handle: z.string(),
  expiresAt: Timestamp,
  /** How often to poll GET /devices/pair/{handle}. */
  pollMs: z.number().int().positive(),
});
export type DevicePairing = z.infer<typeof DevicePairing>;

/** GET /devices/pair/{handle}: pending, or approved once (the device's session cookie is set). */
export const DevicePairingStatus = z.object({
  status: z.enum(['pending', 'approved']),
  expiresAt: Timestamp,
  session: SessionInfo.optional(),
});
export type DevicePairingStatus = z.infer<typeof DevicePairingStatus>;

/** POST /devices/approve (administrators). */
export const DeviceApproveRequest = z.object({
  code: z.string().min(1).max(16),
  regionId: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(100).optional(),
});
export type DeviceApproveRequest = z.infer<typeof DeviceApproveRequest>;

/** A paired screen: a read-only (wall) account whose session does not idle out. */
export const Device = z.object({
  id: z.string(),
  name: z.string(),
  regionId: z.string(),
  pairedAt: Timestamp,
  /** Its last request (null: its session was never collected). */
  lastSeenAt: Timestamp.nullable(),
  /** When an administrator revoked it (null: in use). */
  revokedAt: Timestamp.nullable(),
});
export type Device = z.infer<typeof Device>;

export const DeviceList = z.object({ items: z.array(Device) });
export type DeviceList = z.infer<typeof DeviceList>;

// ---------- administration: accounts, sessions and machine tokens (administrators) ----------

/** A person's account as an administrator sees it (never its password). */
export const UserAccount = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  role: PersonRole,
  regionId: z.string(),
  disabled: z.boolean(),
  /** A seeded demo account: it signs in only while the demo is on. */
  demo: z.boolean(),
  /** A paired screen (role wall), listed with the devices. */
  device: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type UserAccount = z.infer<typeof UserAccount>;
export const UserList = z.object({ items: z.array(UserAccount) });
export type UserList = z.infer<typeof UserList>;

/** POST /users: a new account (the password's rules: @ioc/domain/people). */
export const UserCreateRequest = z.strictObject({
  login: Text.min(1).max(64),
  name: Text.min(1).max(100),
  role: PersonRole,
  regionId: Id,
  password: Text.min(1).max(1024),
});
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;

/**
 * PATCH /users/{id}: one change at a time, as the audit log records it: the display name,
 * the role with its region, disabled or enabled, or a new password (the latter two end the
 * account's sessions).
 */
export const UserChangeRequest = z.union([
  z.strictObject({ name: Text.min(1).max(100) }),
  z.strictObject({ role: PersonRole, regionId: Id }),
  z.strictObject({ disabled: z.boolean() }),
  z.strictObject({ password: Text.min(1).max(1024) }),
]);
export type UserChangeRequest = z.infer<typeof UserChangeRequest>;

/** A live session (GET /sessions): whose, from where, since when. Never its secret. */
export const SessionEntry = z.object({
  id: z.string(),
  userId: z.string(),
  login: z.string(),
  name: z.string(),
  role: PersonRole,
  regionId: z.string(),
  device: z.boolean(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionEntry = z.infer<typeof SessionEntry>;
export const SessionList = z.object({ items: z.array(SessionEntry) });
export type SessionList = z.infer<typeof SessionList>;

/** A machine token's role: a region's reader and actor, or a reporting system (intake). */
export const TokenRole = z.enum(['district', 'street', 'community', 'intake']);
export type TokenRole = z.infer<typeof TokenRole>;

/** A machine token as listed (only its hash is stored; the secret is shown once, at creation). */
export const MachineToken = z.object({
  id: z.string(),
  name: z.string(),
  role: TokenRole,
  regionId: z.string(),
  demo: z.boolean(),
  /** An intake token's limit: events a second, and how many at once. */
  intake: z.object({ rate: z.number(), burst: z.number() }).nullable(),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
});
export type MachineToken = z.infer<typeof MachineToken>;
export const MachineTokenList = z.object({ items: z.array(MachineToken) });
export type MachineTokenList = z.infer<typeof MachineTokenList>;

/** POST /tokens: a token for a region of its role's level (an intake token: any region). */
export const TokenCreateRequest = z.strictObject({
  role: TokenRole,
  regionId: Id,
  name: Text.trim().min(1).max(100).optional(),
  /** Intake only: events a second (default 50) and at once (default 500). */
  rate: z.number().positive().max(10_000).optional(),
  burst: z.number().int().min(1).max(100_000).optional(),
});
export type TokenCreateRequest = z.infer<typeof TokenCreateRequest>;

/** The new token: its secret, shown only in this answer, and how it is listed. */
export const TokenCreated = z.object({ token: z.string(), info: MachineToken });
export type TokenCreated = z.infer<typeof TokenCreated>;

export const AuditKind = z.enum([
  'signin',
  'signin_failed',
  'signout',
  'event_action',
  'user_created',
  'user_disabled',
  'user_enabled',
  'user_role_changed',
  'user_password_reset',
  'session_revoked',
  'device_paired',
  'device_revoked',
  'user_renamed',
  'token_created',
  'token_revoked',
  'emergency_switch',
]);
export type AuditKind = z.infer<typeof AuditKind>;

/** One line of the audit log (GET /audit, administrators only), newest first. */
export const AuditEntry = z.object({
  id: z.string(),
  at: Timestamp,
  kind: AuditKind,
  actor: z.object({
    /** user:<id>, token:<id>, cli:<os user>; null for an unknown login. */
    key: z.string().nullable(),
    userId: z.string().nullable(),
    /** The name at the time: display name, token name, or the login tried. */
    name: z.string(),
    role: z.string().nullable(),
  }),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  eventId: z.string().nullable(),
  action: z.string().nullable(),
  /** The account a sign-in or an administrative change is about. */
  targetUserId: z.string().nullable(),
  /** ok, or the error code that refused it. */
  result: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * Lifecycle of the dispatch chain (docs/API.md). `escalate` keeps the status but moves the
 * assignee one level up, so it is allowed from dispatched and handling.
 */
export const TRANSITIONS: Record<EventAction, { from: EventStatus[]; to: EventStatus | 'same' }> = {
  dispatch: { from: ['reported', 'dispatched'], to: 'dispatched' },
  claim: { from: ['dispatched'], to: 'handling' },
  resolve: { from: ['handling'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'handling' },
  escalate: { from: ['dispatched', 'handling'], to: 'same' },
};

/**
 * The "15-minute government service circle" (selfService.coverage15min and the planner's
 * coverage): 15 minutes at about 80 m a minute is 1,200 m walked along streets, about
 * 940 m in a straight line (a detour factor of about 1.28).
 */
export const SERVICE_CIRCLE_M = 940;

export const LIST_LIMIT_DEFAULT = 200;
export const LIST_LIMIT_MAX = 1000;
export const HEARTBEAT_MS = 15_000;
