/**
 * Property-based hostile input: every operation of the OpenAPI document (so a new route is
 * covered the day it is declared) gets generated values in every query parameter, path
 * segment and body field: NUL, unpaired surrogates, right-to-left marks, very long text,
 * huge and negative numbers, odd dates, forged cursors, repeated and credential-like keys,
 * other content types, malformed JSON. On the server (both backends) and on the mock, no
 * answer may be a 5xx, every 2xx body must parse with the operation's schema and every
 * error with ApiError, and a street token's answer never holds an event outside its street.
 * A second property sends the same hostile text and dates to the mock and the server and
 * expects the same status from both.
 *
 * Bounded run time: FC_RUNS runs per operation (default 50) from a fixed seed (FC_SEED,
 * printed by fast-check with the counterexample when a property fails).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ApiError, type IocEvent } from '@ioc/contract/contract';
import { API_SCHEMAS, buildOpenApi } from '@ioc/contract/openapi';
import { eventInRegion } from '@ioc/domain/events/scope';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import { type Api, createApi } from '../../mock-server/api';
import { LAYER_IDS } from '../../mock-server/layers';
import { defaultRegions } from '../../mock-server/regions';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';

const SEED = Number(process.env.FC_SEED ?? 20261122);
const RUNS = Number(process.env.FC_RUNS ?? 50);
const PINGHU = '440307001';
const STREET_TOKEN = `street-${PINGHU}`;
const NOW = Date.now();

// ---------- the operations, from the OpenAPI document ----------

interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: { enum?: string[]; type?: string };
}
interface Operation {
  method: 'GET' | 'POST';
  template: string;
  params: Param[];
  body: boolean;
  /** Status → the schema of its JSON body, or the media type of another body. */
  responses: Map<number, z.ZodType | string>;
}

type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};
type Schemaish = { $ref?: string; oneOf?: Schemaish[] };

const byRef = (s: Schemaish): z.ZodType => {
  const name = s.$ref?.split('/').at(-1) as keyof typeof API_SCHEMAS;
  const schema = API_SCHEMAS[name];
  if (!schema) throw new Error(`unknown schema ${s.$ref}`);
  return schema;
};

function operations(): Operation[] {
  const doc = buildOpenApi() as unknown as Doc;
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const responses = new Map<number, z.ZodType | string>();
      for (const [status, r] of Object.entries(op.responses as Record<string, { content?: object }>)) {
        const [[type, media] = []] = Object.entries(r.content ?? {}) as [string, { schema: Schemaish }][];
        // No content declared (204): the answer must have no body.
        if (!type || !media) responses.set(Number(status), '');
        if (!type || !media) continue;
        if (type !== 'application/json') responses.set(Number(status), type);
        else if (media.schema.oneOf) {
          const [a, b] = media.schema.oneOf.map(byRef) as [z.ZodType, z.ZodType];
          responses.set(Number(status), a.or(b));
        } else responses.set(Number(status), byRef(media.schema));
      }
      out.push({
        method: method.toUpperCase() as Operation['method'],
        template,
        params: ((op.parameters as Param[] | undefined) ?? []).filter((p) => p.in !== 'header'),
        body: op.requestBody !== undefined,
        responses,
      });
    }
  }
  return out;
}

const OPERATIONS = operations();

// ---------- generated values ----------

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udbff\udbff') },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), lone, fc.string({ maxLength: 8 }))
      .map(([a, b, c]) => a + b + c),
  },
  fc.constantFrom('\u202e', '\u200f\u200e', '\u202eevil\u202c', '😀', '', ' ', '%', '..', '/', '?', '#', '&'),
  fc.constantFrom('=', ',', '\\', '"', '<script>alert(1)</script>', 'null', '\ufeff', '\uffff'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 129, max: 3000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 60, max: 300 }).map((n) => '\u202e龙'.repeat(n)),
);
const hostileNumber = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom(
    '-1',
    '0',
    '1e308',
    '-1e308',
    '9'.repeat(400),
    'NaN',
    'Infinity',
    '-0',
    '0x10',
    '1.5',
    '007',
  ),
);
const ODD_DATES = [
  '0001-01-01T00:00:00+08:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+08:00',
  '1970-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2100-01-01T00:00:00Z',
  '2026-02-30T00:00:00+08:00',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-11-22T09:30:00.5+08:00',
  '2026-11-22T09:30:00+23:59',
  '2026-11-22',
  'yesterday',
];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const oddDate = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_DATES) },
  // Any four-digit year, any offset the format allows: most are outside the times the API holds.
  fc
    .record({
      y: fc.integer({ min: 0, max: 9999 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
      oh: fc.integer({ min: 0, max: 23 }),
      sign: fc.constantFrom('+', '-'),
    })
    .map(({ y, m, d, oh, sign }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}T00:00:00${sign}${pad(oh)}:00`),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.integer({ min: -800, max: 800 }).map((days) => formatIso(NOW + days * 86_400_000)),
);
/** A cursor as a client could forge one: any number and any text in the server's encoding. */
const cursor = fc
  .tuple(
    fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(1e20, -1, 2 ** 53, -(2 ** 53), 1e300, Math.floor(NOW / 1000)),
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k * 1e6),
    ),
    fc.oneof(hostileText, fc.constant('EV-x')),
  )
  .map(([n, s]) => Buffer.from(JSON.stringify([n, s]), 'utf8').toString('base64url'));
const hostile = fc.oneof(hostileText, hostileNumber, oddDate, cursor);

/** Query parameters that are times. */
const MOMENTS = new Set(['since', 'asOf', 'from', 'to']);

/** Values each query parameter understands, so a request also gets past the first check. */
const MEANINGFUL = ['440307', PINGHU, '440307002', '440307001001', 'street', '5'];
const VALID_QUERY: Record<string, fc.Arbitrary<string>> = {
  region: fc.constantFrom('440307', PINGHU, '440307002', '440307001001'),
  parent: fc.constantFrom('440307', PINGHU),
  bbox: fc.constantFrom('113.7,22.5,114.6,22.9', '114.2,22.6,114.25,22.65'),
  status: fc.constantFrom('reported', 'reported,dispatched', 'closed'),
  source: fc.constantFrom('12345', 'grid,iot'),
  since: fc.integer({ min: -48, max: 0 }).map((h) => formatIso(NOW + h * 3600_000)),
  // Replay moments: the last two days, so a range (from, to) is mostly within its bound.
  asOf: fc.integer({ min: -48, max: 0 }).map((h) => formatIso(NOW + h * 3600_000)),
  from: fc.integer({ min: -48, max: -24 }).map((h) => formatIso(NOW + h * 3600_000)),
  to: fc.integer({ min: -23, max: 0 }).map((h) => formatIso(NOW + h * 3600_000)),
  limit: fc.constantFrom('1', '5', '50'),
  cursor: fc.constant(
    Buffer.from(JSON.stringify([Math.floor(NOW / 1000) - 3600, 'EV-z'])).toString('base64url'),
  ),
};

/** A value of any JSON type, for body fields. */
const anyJson = fc.oneof(
  hostile,
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}, [1, 2], { $ne: null }),
  fc.double(),
);

// ---------- requests ----------

/** Percent-encodes like encodeURIComponent, an unpaired surrogate as its (invalid) three bytes. */
function enc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

interface Req {
  method: string;
  path: string;
  token: string | undefined;
  type: string | undefined;
  body: string | undefined;
}

interface Res {
  status: number;
  type: string;
  text: string;
}

type Send = (r: Req) => Promise<Res>;

/** A JSON object with one field replaced by a fault (or removed), as the caller's one mistake. */
function oneFault(
  valid: fc.Arbitrary<Record<string, unknown>>,
  faults: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(faults);
  return fc.tuple(valid, fc.constantFrom(...names), fc.nat()).chain(([body, name]) =>
    (faults[name] as fc.Arbitrary<unknown>).map((v) => {
      const out = { ...body };
      if (v === undefined) delete out[name];
      else out[name] = v;
      return out;
    }),
  );
}

const recent = fc.integer({ min: -72, max: 0 }).map((h) => formatIso(NOW + h * 3600_000));
const soon = fc.integer({ min: 1, max: 72 }).map((h) => formatIso(NOW + h * 3600_000));
/** Text a caller may send: printable, right-to-left, emoji; never NUL or a lone surrogate. */
const fineText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom('噪音投诉', '\u202eمرحبا\u202c', '😀 ok', 'x'),
);

const validAction = fc.record(
  {
    action: fc.constantFrom('dispatch', 'claim', 'resolve', 'close', 'reopen', 'escalate'),
    toRegionId: fc.constantFrom(PINGHU, '440307002', '440307001001'),
    note: fineText,
    clientActionId: fc.uuid(),
  },
  { requiredKeys: ['action', 'clientActionId'] },
);
const actionFaults = {
  action: fc.oneof(anyJson, fc.constant(undefined)),
  toRegionId: anyJson,
  note: fc.oneof(anyJson, fc.constant('x'.repeat(2001))),
  clientActionId: fc.oneof(anyJson, fc.constant(undefined), fc.constant('short')),
  extra: anyJson,
};

const validReport = fc.record(
  {
    source: fc.constantFrom('12345', 'grid', 'ai-video', 'iot', 'network'),
    externalId: fc.uuid(),
    category: fc.constantFrom('general-complaint', 'sanitation'),
    title: fineText,
    description: fineText,
    severity: fc.constantFrom(1, 2, 3, 4),
    location: fc.constantFrom([114.13, 22.69], [114.2, 22.65], [114.25, 22.72]),
    reportedAt: recent,
    dueAt: soon,
  },
  { requiredKeys: ['source', 'externalId', 'category', 'title', 'severity', 'location'] },
);
const reportFaults: Record<string, fc.Arbitrary<unknown>> = {
  source: fc.oneof(anyJson, fc.constant(undefined)),
  externalId: fc.oneof(anyJson, fc.constant(undefined), fc.constant('x'.repeat(129))),
  category: anyJson,
  title: fc.oneof(anyJson, fc.constant('')),
  description: anyJson,
  severity: fc.oneof(anyJson, fc.constantFrom(0, 5, 2.5, '2')),
  location: fc.oneof(anyJson, fc.constantFrom([22.69, 114.13], [0, 0], [Number.NaN, 1], [114.1, 22.4])),
  reportedAt: fc.oneof({ weight: 3, arbitrary: oddDate }, anyJson),
  dueAt: fc.oneof({ weight: 3, arbitrary: oddDate }, anyJson),
  unknownKey: anyJson,
};

function rawBody(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', '{', 'null', '[]', '"x"', '{"events":null}', '{"events":[]}', '[{}]', '\u0000'),
    fc.constantFrom('['.repeat(5000) + ']'.repeat(5000), `{"note":"${'x'.repeat(70_000)}"}`),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
}

/** A body for the operation: valid, or with one mistake (a field, a batch's event, the JSON itself). */
function body(op: Operation): { valid: fc.Arbitrary<string>; faulty: fc.Arbitrary<string> } {
  const json = (a: fc.Arbitrary<unknown>) => a.map((v) => JSON.stringify(v));
  if (op.template !== '/events')
    return {
      valid: json(validAction),
      faulty: fc.oneof({ weight: 4, arbitrary: json(oneFault(validAction, actionFaults)) }, rawBody()),
    };
  return {
    valid: fc.oneof(
      json(validReport),
      json(fc.array(validReport, { minLength: 1, maxLength: 3 }).map((events) => ({ events }))),
    ),
    faulty: fc.oneof(
      { weight: 3, arbitrary: json(oneFault(validReport, reportFaults)) },
      {
        weight: 2,
        arbitrary: json(
          fc
            .tuple(fc.array(validReport, { maxLength: 2 }), oneFault(validReport, reportFaults))
            .map(([events, bad]) => ({ events: [...events, bad] })),
        ),
      },
      rawBody(),
    ),
  };
}

/**
 * A request for the operation: every parameter, the body, the token and the content type
 * valid but (mostly) one, which is hostile; sometimes none, sometimes several. One fault at a
 * time reaches each check, not only the first one a request meets.
 */
function request(op: Operation, ids: string[]): fc.Arbitrary<Req> {
  const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = op.params.filter((p) => p.in === 'query');
  const validPath = (name: string): fc.Arbitrary<string> =>
    name === 'layerId'
      ? fc.constantFrom(...LAYER_IDS)
      : name === 'id'
        ? fc.constantFrom(...ids, 'EV-nope')
        : fc.integer({ min: 0, max: 3 }).map(String);
  const validQuery = (p: Param): fc.Arbitrary<string> =>
    p.schema?.enum
      ? fc.constantFrom(...p.schema.enum)
      : (VALID_QUERY[p.name] ?? fc.constantFrom(...MEANINGFUL));
  // A time or a cursor is attacked mostly with odd times and forged cursors.
  const hostileQuery = (p: Param): fc.Arbitrary<string> =>
    p.name === 'cursor'
      ? fc.oneof({ weight: 3, arbitrary: cursor }, hostile)
      : MOMENTS.has(p.name)
        ? fc.oneof({ weight: 3, arbitrary: oddDate }, hostile)
        : hostile;
  const extraKey = fc.oneof(
    hostileText,
    fc.constantFrom(
      'access_token',
      'access%5Ftoken',
      'ACCESS-TOKEN',
      'api_key',
      'password',
      'kind',
      'lastEventId',
    ),
  );
  const intake = op.method === 'POST' && op.template === '/events';
  const validToken = intake
    ? fc.constant('intake-demo')
    : op.method === 'POST'
      ? fc.constantFrom('district-demo', STREET_TOKEN)
      : fc.constantFrom(undefined, 'district-demo', STREET_TOKEN);
  const otherToken = fc.constantFrom(
    undefined,
    'district-demo',
    STREET_TOKEN,
    'intake-demo',
    'no-such-token',
  );
  const b = op.body ? body(op) : { valid: fc.constant(undefined), faulty: fc.constant(undefined) };
  // The slots a fault may sit in.
  const slots = [
    ...pathNames.map((n) => `path:${n}`),
    ...queryParams.map((p) => `query:${p.name}`),
    'extra',
    'repeat',
    'token',
    ...(op.body ? ['body', 'type'] : []),
  ];
  return fc
    .record({
      mode: fc.constantFrom('none', 'one', 'one', 'one', 'one', 'many'),
      pick: fc.constantFrom(...slots),
      coin: fc.array(fc.boolean(), { minLength: slots.length, maxLength: slots.length }),
      path: fc.tuple(...pathNames.map((n) => fc.tuple(validPath(n), hostile))),
      query: fc.tuple(...queryParams.map((p) => fc.tuple(fc.boolean(), validQuery(p), hostileQuery(p)))),
      extra: fc.tuple(extraKey, hostile),
      token: fc.tuple(validToken, otherToken),
      type: fc.tuple(
        fc.constantFrom('application/json', 'application/json; charset=utf-8'),
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', undefined),
      ),
      body: fc.tuple(b.valid, b.faulty),
    })
    .map((g) => {
      const bad = (slot: string) =>
        g.mode === 'one' ? g.pick === slot : g.mode === 'many' && g.coin[slots.indexOf(slot)] === true;
      let path = op.template;
      pathNames.forEach((name, i) => {
        const [valid, hostileValue] = g.path[i] as [string, string];
        path = path.replace(`{${name}}`, enc(bad(`path:${name}`) ? hostileValue : valid));
      });
      const pairs: string[] = [];
      queryParams.forEach((p, i) => {
        const [present, valid, hostileValue] = g.query[i] as [boolean, string, string];
        if (bad(`query:${p.name}`)) pairs.push(`${p.name}=${enc(hostileValue)}`);
        else if (present) pairs.push(`${p.name}=${enc(valid)}`);
      });
      if (bad('extra'))
        pairs.push(`${g.extra[0] === 'access%5Ftoken' ? g.extra[0] : enc(g.extra[0])}=${enc(g.extra[1])}`);
      if (bad('repeat')) pairs.push(pairs[0] ?? 'region=440307', pairs[0] ?? 'region=440307');
      return {
        method: op.method,
        path: pairs.length > 0 ? `${path}?${pairs.join('&')}` : path,
        token: bad('token') ? g.token[1] : g.token[0],
        type: op.body ? (bad('type') ? g.type[1] : g.type[0]) : undefined,
        body: bad('body') ? g.body[1] : g.body[0],
      };
    });
}

// ---------- checks ----------

/** Statuses seen per operation (FC_STATS=1 prints them: is each operation reached past its first check?). */
const seen = new Map<string, Map<number, number>>();

/** The answer is the contract's, and a street's answer holds only its street's events. */
function check(op: Operation, req: Req, res: Res, regions: RegionIndex): void {
  const counts = seen.get(`${op.method} ${op.template}`) ?? new Map<number, number>();
  counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
  seen.set(`${op.method} ${op.template}`, counts);
  const what = `${req.method} ${req.path.slice(0, 300)} (${req.token ?? 'no token'}) → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = res.text;
    }
    expect(ApiError.safeParse(body).success, `not the contract's error: ${what}`).toBe(true);
    return;
  }
  const declared = op.responses.get(res.status);
  expect(declared, `undeclared status: ${what}`).toBeDefined();
  if (declared === '') {
    expect(res.text, `a body where none is declared: ${what}`).toBe('');
    return;
  }
  if (typeof declared === 'string') {
    expect(res.type, what).toContain(declared);
    return;
  }
  const parsed = (declared as z.ZodType).safeParse(JSON.parse(res.text));
  expect(parsed.success, `not the declared body: ${what}`).toBe(true);
  if (req.token !== STREET_TOKEN) return;
  const data = parsed.data as { items?: IocEvent[]; id?: string; history?: unknown[]; features?: unknown[] };
  // Events only: a milestone names where its event happened, and a street may have been handed it.
  const events = (data.items ?? (data.history ? [data as IocEvent] : [])).filter((e) => 'history' in e);
  for (const ev of events)
    expect(eventInRegion(regions, ev, PINGHU), `${ev.id} outside ${PINGHU}: ${what}`).toBe(true);
  // A layer's features are scoped like events (the regions' geography is public).
  if (op.template.startsWith('/layers/'))
    for (const f of (data.features ?? []) as { properties: { regionId: string } }[])
      expect(f.properties.regionId, what).toBe(PINGHU);
}

const assertOptions = { seed: SEED, numRuns: RUNS, endOnFailure: true };

/** Every operation's property against one implementation. */
function properties(name: string, target: () => { send: Send; ids: string[]; regions: RegionIndex }) {
  for (const op of OPERATIONS) {
    it(`${name}: ${op.method} ${op.template} never fails and always answers the contract`, async () => {
      const { send, ids, regions } = target();
      await fc.assert(
        fc.asyncProperty(request(op, ids), async (req) => {
          check(op, req, await send(req), regions);
        }),
        assertOptions,
      );
    }, 180_000);
  }
}

/** Requests whose one hostile value is text or a date, in any parameter or body field. */
function parityRequest(): fc.Arbitrary<{ op: Operation; req: Req }> {
  const textOrDate = fc.oneof(
    fc.constantFrom('\u0000', 'a\u0000b', '\u202e', '\ud800', 'x\udfff', 'x'.repeat(129)),
    fc.tuple(fc.string({ maxLength: 6 }), lone).map(([a, b]) => a + b),
    oddDate,
  );
  return fc.constantFrom(...OPERATIONS).chain((op) => {
    const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
    const queryNames = op.params.filter((p) => p.in === 'query').map((p) => p.name);
    // An unknown event: its answer (404) does not hang on either side's state.
    const valid: Record<string, string> = {
      layerId: 'kiosks',
      id: 'EV-nope',
      z: '1',
      x: '1',
      y: '0',
      handle: 'no-such-handle',
    };
    // `note` is a key no route reads: the query is checked whole, every key and value.
    const slots = [...pathNames.map((n) => `path:${n}`), ...[...queryNames, 'note'].map((n) => `query:${n}`)];
    const bodyFields = op.body
      ? op.template === '/events'
        ? ['externalId', 'category', 'title', 'description', 'reportedAt', 'dueAt']
        : ['toRegionId', 'note', 'clientActionId']
      : [];
    return fc
      .record({
        slot: fc.constantFrom(...slots, ...bodyFields.map((f) => `body:${f}`)),
        value: textOrDate,
      })
      .map(({ slot, value }) => {
        const [where, name] = slot.split(':') as [string, string];
        let path = op.template;
        for (const n of pathNames)
          path = path.replace(`{${n}}`, enc(where === 'path' && n === name ? value : (valid[n] as string)));
        if (where === 'query') path += `?${name}=${enc(value)}`;
        let body: string | undefined;
        if (op.body) {
          const base: Record<string, unknown> =
            op.template === '/events'
              ? {
                  source: '12345',
                  externalId: 'PARITY-1',
                  category: 'general-complaint',
                  title: '噪音',
                  severity: 2,
                  location: [114.13, 22.69],
                }
              : { action: 'claim', clientActionId: 'parity-0001' };
          if (where === 'body') base[name] = value;
          body = JSON.stringify(base);
        }
        const token = op.template === '/events' && op.method === 'POST' ? 'intake-demo' : 'district-demo';
        return { op, req: { method: op.method, path, token, type: 'application/json', body } };
      });
  });
}

// ---------- the implementations ----------

function serverSend(base: string): Send {
  return async (r) => {
    const headers: Record<string, string> = {};
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    if (r.type) headers['content-type'] = r.type;
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1${r.path}`, {
      method: r.method,
      headers,
      signal: controller.signal,
      ...(r.body !== undefined ? { body: r.body } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) {
      controller.abort();
      return { status: res.status, type, text: '' };
    }
    return { status: res.status, type, text: await res.text() };
  };
}

function mockSend(api: Api): Send {
  return async (r) => {
    const headers: Record<string, string> = {};
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    if (r.type) headers['content-type'] = r.type;
    const res = await api.handle(
      new Request(`http://mock.test/api/v1${r.path}`, {
        method: r.method,
        headers,
        ...(r.body !== undefined ? { body: r.body } : {}),
      }),
    );
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, type, text: '' };
    }
    return { status: res.status, type, text: await res.text() };
  };
}

const ids = async (send: Send) =>
  (
    JSON.parse(
      (
        await send({
          method: 'GET',
          path: '/events?limit=20',
          token: undefined,
          type: undefined,
          body: undefined,
        })
      ).text,
    ) as { items: { id: string }[] }
  ).items.map((e) => e.id);

afterAll(() => {
  if (!process.env.FC_STATS) return;
  for (const [op, counts] of seen)
    console.log(op, JSON.stringify(Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]))));
});

describe('the mock', () => {
  let api: Api;
  let send: Send;
  let known: string[] = [];
  const regions = defaultRegions();
  beforeAll(async () => {
    api = createApi({ tickMs: 0, layerScale: 0.02 });
    send = mockSend(api);
    known = await ids(send);
  });
  afterAll(() => api?.close());
  properties('mock', () => ({ send, ids: known, regions }));
});

describe.each(backends())('the server on %s', (backend) => {
  let place: TestDatabase;
  let server: RunningServer;
  let api: Api;
  let send: Send;
  let known: string[] = [];
  beforeAll(async () => {
    place = await freshDatabase(backend);
    server = await startServer(testConfig(place, { layerScale: 0.02 }));
    send = serverSend(server.url);
    known = await ids(send);
    // The mock on the real clock, as the server: a date's place in the accepted window is the same.
    api = createApi({ tickMs: 0, layerScale: 0.02 });
  });
  afterAll(async () => {
    api?.close();
    await server?.close();
    await place?.drop();
  });
  properties(backend, () => ({ send, ids: known, regions: server.ctx.regions }));

  it(`${backend}: the mock answers hostile text and dates with the server's status`, async () => {
    const mock = mockSend(api);
    await fc.assert(
      fc.asyncProperty(parityRequest(), async ({ req }) => {
        const [a, b] = [await send(req), await mock(req)];
        expect(
          b.status,
          `${req.method} ${req.path.slice(0, 200)} ${req.body?.slice(0, 200) ?? ''}: server ${a.status} ${a.text.slice(0, 200)}, mock ${b.text.slice(0, 200)}`,
        ).toBe(a.status);
      }),
      { ...assertOptions, numRuns: RUNS * 3 },
    );
  }, 180_000);
});
