/**
 * Test controls outside the contract, under /__mock/: inject an event (hostile text,
 * severe alerts) and read the world's counters.
 */
import { EventSource, IocEvent, Severity } from '@ioc/contract/contract';
import type { Handler } from '../context';
import { SOURCE_BY_ID } from '@ioc/domain/events/categories';
import { dueMsFor } from '@ioc/domain/events/categories';
import { round6 } from '@ioc/domain/geo';
import { badRequest } from '@ioc/contract/http';
import { json } from '../http';
import { rngFor } from '@ioc/domain/prng';
import { formatIso } from '@ioc/domain/time';

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`${key} must be a string`);
  return v;
}

export const injectEvent: Handler = async ({ app, request }) => {
  let body: Record<string, unknown>;
  try {
    const raw = (await request.json()) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not an object');
    body = raw as Record<string, unknown>;
  } catch {
    throw badRequest('body must be a JSON object (a partial Event)');
  }
  const { regions, simulator } = app;
  const now = Math.max(app.clock.now(), simulator.now);
  const source = EventSource.safeParse(body.source ?? '12345');
  if (!source.success) throw badRequest(`source must be one of ${EventSource.options.join(', ')}`);
  const severity = Severity.safeParse(body.severity ?? 1);
  if (!severity.success) throw badRequest('severity must be 1, 2, 3 or 4');

  // Where: a community (its street follows), a street, or a random street.
  const communityId = str(body, 'communityId');
  let regionId = str(body, 'regionId');
  const { id, key } = simulator.nextId();
  const rng = rngFor(app.seed, 'injected', key);
  if (communityId !== undefined) {
    const c = regions.get(communityId);
    if (c?.level !== 'community') throw badRequest(`communityId ${communityId} is not a community`);
    if (regionId !== undefined && regionId !== c.parentId) throw badRequest('communityId is not in regionId');
    regionId = c.parentId ?? undefined;
  }
  const street =
    regionId !== undefined
      ? regions.get(regionId)
      : regions.streets[Math.floor(rng() * regions.streets.length)];
  if (street?.level !== 'street') throw badRequest(`regionId ${regionId} is not a street id`);
  const area = communityId !== undefined ? regions.get(communityId) : street;
  const location = body.location ?? (area ? area.polygon.randomPoint(rng).map(round6) : street.center);

  const def = SOURCE_BY_ID.get(source.data);
  const at = formatIso(now);
  const candidate: Record<string, unknown> = {
    id,
    source: source.data,
    category: str(body, 'category') ?? def?.categories[0]?.id ?? 'other',
    title: str(body, 'title') ?? '测试事件',
    description: str(body, 'description') ?? '',
    severity: severity.data,
    status: 'reported',
    regionId: street.id,
    location,
    reportedAt: at,
    dueAt: str(body, 'dueAt') ?? formatIso(now + (def ? dueMsFor(def, severity.data) : 3_600_000)),
    updatedAt: at,
    history: [{ at, action: 'report', by: 'mock', fromStatus: null, toStatus: 'reported' }],
  };
  if (communityId !== undefined) candidate.communityId = communityId;
  const parsed = IocEvent.safeParse(candidate);
  if (!parsed.success) {
    throw badRequest(
      `invalid event: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  simulator.create(parsed.data, now);
  return json(parsed.data, 201);
};

export const getState: Handler = ({ app }) =>
  json({
    seq: app.store.seq,
    events: app.store.size,
    open: app.store.openCount,
    oldestReplayableSeq: app.store.oldestReplayableSeq,
    subscribers: app.store.subscriberCount,
    streams: app.streams.size,
    now: formatIso(app.simulator.now),
    seed: app.seed,
    layerScale: app.layerScale,
    eventRate: app.eventRate,
  });
