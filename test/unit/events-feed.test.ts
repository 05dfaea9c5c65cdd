/** The feed's pure rules: scope, filters, order, deadlines, allowed actions, nearby resources. */
import distance from '@turf/distance';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, IocEvent } from '@ioc/contract/contract';
import { translate } from '../../src/i18n';
import { boundRegionOf } from '../../src/panels/events/boundRegion';
import { allowedActions } from '../../src/panels/events/EventActions';
import cameras from '../../layers/kindergarten-cameras.layer';
import medical from '../../layers/medical.layer';
import { eventInRegion, type RegionTree } from '@ioc/contract/rules';
import { deadline, formatDeadline } from '../../src/panels/events/eventTime';
import { keepByFilter, selectFeed } from '../../src/panels/events/feedModel';
import { bboxAround, type NearbyFeature, summariseNearby } from '../../src/panels/events/nearby';
import { criticalAwaitingDispatch } from '../../src/panels/events/WallAlert';
import { call, PINGHU, testApi } from '../mock-server/helpers';

const api = testApi();
afterAll(() => api.close());
const all = [...api.store.values()];
const tree: RegionTree = {
  level: (id) => api.world.regions.get(id)?.level,
  parent: (id) => api.world.regions.get(id)?.parentId,
};
const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) =>
  translate('zh-CN', key, vars);
const anyFilter = { status: 'all', source: 'all', severity: 'all' } as const;

describe('feed model', () => {
  it('scopes events exactly as the API does for a street and for a community', async () => {
    for (const region of [PINGHU, '440307002', '440307001003']) {
      const page = await call<{ items: IocEvent[] }>(api, `/api/v1/events?region=${region}&limit=1000`);
      const expected = page.body.items.map((e) => e.id).sort();
      const mine = all.filter((e) => eventInRegion(e, region, tree)).map((e) => e.id);
      expect(mine.sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('orders newest update first, as GET /events does', async () => {
    const page = await call<{ items: IocEvent[] }>(api, '/api/v1/events?limit=300');
    const feed = selectFeed(all, anyFilter, null, tree, []).slice(0, 300);
    expect(feed.map((e) => e.id)).toEqual(page.body.items.map((e) => e.id));
  });

  it('filters by status (open = not yet resolved), source and minimum severity', () => {
    const open = selectFeed(all, { ...anyFilter, status: 'open' }, null, tree, []);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((e) => ['reported', 'dispatched', 'handling'].includes(e.status))).toBe(true);
    const severe = all.filter((e) => keepByFilter(e, { ...anyFilter, severity: 3 }));
    expect(severe.every((e) => e.severity >= 3)).toBe(true);
    const grid = all.filter((e) => keepByFilter(e, { ...anyFilter, source: 'grid' }));
    expect(grid.length).toBeGreaterThan(0);
    expect(grid.every((e) => e.source === 'grid')).toBe(true);
  });

  it('applies queued actions before filtering, so a just-resolved event leaves the open list', () => {
    const ev = all.find((e) => e.status === 'handling')!;
    const queued = [
      {
        clientActionId: 'abcdefgh',
        eventId: ev.id,
        action: 'resolve' as const,
        queuedAt: 0,
        attempts: 0,
        waiting: true,
      },
    ];
    const open = selectFeed(all, { ...anyFilter, status: 'open' }, null, tree, queued);
    expect(open.some((e) => e.id === ev.id)).toBe(false);
    const resolved = selectFeed(all, { ...anyFilter, status: 'resolved' }, null, tree, queued);
    expect(resolved.find((e) => e.id === ev.id)?.status).toBe('resolved');
  });

  it('says how long is left, or how far past the deadline an open event is', () => {
    const ev = { ...all.find((e) => e.status === 'handling')!, dueAt: '2026-11-22T10:00:00+08:00' };
    const before = Date.parse('2026-11-22T07:45:00+08:00');
    const after = Date.parse('2026-11-22T10:35:00+08:00');
    expect(formatDeadline(t, ev, before)).toBe('剩 2 小时 15 分');
    expect(deadline(ev, after)).toEqual({ overdue: true, ms: 35 * 60_000 });
    expect(formatDeadline(t, ev, after)).toBe('超时 35 分');
    expect(formatDeadline(t, { ...ev, status: 'closed' }, after)).toBeNull();
  });

  it('offers the actions the dispatch chain allows from each status', () => {
    const base = all[0]!;
    expect(allowedActions({ ...base, status: 'reported' })).toEqual(['dispatch']);
    const street = { level: 'street' as const, regionId: PINGHU };
    expect(allowedActions({ ...base, status: 'dispatched', assignee: street })).toEqual([
      'dispatch',
      'claim',
      'escalate',
    ]);
    expect(allowedActions({ ...base, status: 'handling', assignee: street })).toEqual([
      'resolve',
      'escalate',
    ]);
    const district = { level: 'district' as const, regionId: '440307' };
    expect(allowedActions({ ...base, status: 'handling', assignee: district })).toEqual(['resolve']);
    expect(allowedActions({ ...base, status: 'resolved' })).toEqual(['close', 'reopen']);
    expect(allowedActions({ ...base, status: 'closed' })).toEqual([]);
  });

  it('puts undispatched critical events on the wall, newest first', () => {
    const at = (m: number) => `2026-11-22T09:${String(m).padStart(2, '0')}:00+08:00`;
    const e = (id: string, severity: 1 | 4, status: IocEvent['status'], m: number): IocEvent => ({
      ...all[0]!,
      id,
      severity,
      status,
      reportedAt: at(m),
    });
    const wall = criticalAwaitingDispatch([
      e('a', 4, 'reported', 1),
      e('b', 4, 'dispatched', 5),
      e('c', 1, 'reported', 6),
      e('d', 4, 'reported', 3),
    ]);
    expect(wall.map((x) => x.id)).toEqual(['d', 'a']);
  });

  it('knows the street a console is bound to from config or a demo token', () => {
    expect(boundRegionOf({ boundRegionId: null, apiToken: 'street-440307001' })).toBe('440307001');
    expect(boundRegionOf({ boundRegionId: '440307005', apiToken: 'opaque' })).toBe('440307005');
    expect(boundRegionOf({ boundRegionId: null, apiToken: 'district-demo' })).toBeNull();
    expect(boundRegionOf({ boundRegionId: null, apiToken: null })).toBeNull();
  });
});

describe('nearby resources', () => {
  type Fc = FeatureCollection<Record<string, unknown>>;
  const get = async (path: string) => (await call<Fc>(api, `/api/v1/layers/${path}`)).body;

  it("finds every camera site within 500 m through the bbox query, and the nearest hospital, by the layers' roles", async () => {
    const within = cameras.roles!.nearby![0]!;
    const nearest = medical.roles!.nearby![0]!;
    if (within.kind !== 'within') throw new Error('the cameras layer counts cameras within a radius');
    const allCameras = (await get('kindergarten-cameras/features')).features as NearbyFeature[];
    const hospitals = (await get('medical/features?kind=hospital')).features as NearbyFeature[];
    let checked = 0;
    for (const ev of all.slice(0, 80)) {
      const bbox = bboxAround(ev.location, within.radiusM).join(',');
      const inBox = (await get(`kindergarten-cameras/features?bbox=${bbox}`)).features as NearbyFeature[];
      const viaBox = summariseNearby(ev.location, within, inBox);
      const full = summariseNearby(ev.location, within, allCameras);
      if (viaBox.kind !== 'within' || full.kind !== 'within') throw new Error('a within role gives a count');
      expect(viaBox.count).toBe(full.count);
      expect(viaBox.sum).toBe(full.sum);
      // The sum is of the field the role names: each site's cameras.
      const expected = allCameras
        .filter((f) => distance(ev.location, f.geometry.coordinates as [number, number]) * 1000 <= 500)
        .reduce((a, f) => a + (f.properties.cameras as number), 0);
      expect(full.sum).toBe(expected);
      checked += full.count;
      const nearestHospital = Math.min(
        ...hospitals.map((f) => distance(ev.location, f.geometry.coordinates as [number, number]) * 1000),
      );
      const line = summariseNearby(ev.location, nearest, hospitals);
      expect(line.kind === 'nearest' && line.nearest?.meters).toBeCloseTo(nearestHospital, 3);
    }
    expect(checked).toBeGreaterThan(0); // some events do have cameras nearby
  });
});
