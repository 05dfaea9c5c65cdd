/**
 * The contract's rules are said once in JavaScript (@ioc/contract/rules) and once in SQL
 * (server/events/rows.ts, the status sets handed in as parameters): over the same table of
 * events, on both backends, the SQL picks exactly the events the JavaScript rule picks, for
 * the district, streets and communities, and for "open" and "settled".
 */
import type { EventStatus, IocEvent } from '@ioc/contract/contract';
import { eventInRegion, isOpen, isSettled, OPEN_STATUSES, SETTLED_STATUSES } from '@ioc/contract/rules';
import { eventInRegion as domainInRegion, regionTree } from '@ioc/domain/events/scope';
import type { RegionIndex } from '@ioc/domain/regions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { openDb } from '../../server/db/driver';
import { migrate } from '../../server/db/migrate';
import { eventInRegionSql } from '../../server/events/rows';
import { EventStore } from '../../server/events/store';
import { regionIndex } from '../../server/regions';
import { DemoWorld } from '../../server/seed/demo-world';
import { seedGeography } from '../../server/seed/load';
import { backends, freshDatabase, type TestDatabase } from './backends';
import { newEvent } from './fixtures';

const PINGHU = '440307001';
const BANTIAN = '440307002';

/** Every way an event can sit in the district: where it happened × who holds it × its status. */
function table(regions: RegionIndex): IocEvent[] {
  const streets = [PINGHU, BANTIAN].map((id) => regions.street(id)!);
  const communities = streets.flatMap((s) => s.children.slice(0, 2));
  const holders: (IocEvent['assignee'] | undefined)[] = [
    undefined,
    { level: 'district', regionId: regions.district.id },
    ...streets.map((s) => ({ level: 'street' as const, regionId: s.id })),
    ...communities.map((c) => ({ level: 'community' as const, regionId: c.id })),
  ];
  const statuses: EventStatus[] = ['reported', 'dispatched', 'handling', 'resolved', 'closed'];
  const out: IocEvent[] = [];
  let n = 0;
  for (const street of streets)
    for (const community of [...street.children.slice(0, 2).map((c) => c.id), undefined])
      for (const assignee of holders) {
        const ev = newEvent(`EV-rule-${++n}`, street.id);
        ev.status = statuses[n % statuses.length] as EventStatus;
        if (community) ev.communityId = community;
        if (assignee) ev.assignee = assignee;
        out.push(ev);
      }
  return out;
}

describe.each(backends())('rules in JavaScript and SQL agree on %s', (backend) => {
  let place: TestDatabase;
  let db: Db;
  let regions: RegionIndex;
  let events: IocEvent[];

  beforeAll(async () => {
    place = await freshDatabase(backend);
    db = await openDb(place);
    await migrate(db);
    await seedGeography(db, new DemoWorld(3), () => {});
    regions = await regionIndex(db);
    events = table(regions);
    const store = new EventStore(db, regions);
    for (const ev of events) await store.create(ev);
  });
  afterAll(async () => {
    await db?.close();
    await place?.drop();
  });

  const sqlIds = async (where: string, params: unknown[]) =>
    (
      await db.query<{ id: string }>(
        `SELECT id FROM events e WHERE id LIKE 'EV-rule-%' AND ${where} ORDER BY id`,
        params,
      )
    ).map((r) => r.id);
  const jsIds = (keep: (ev: IocEvent) => boolean) =>
    events
      .filter(keep)
      .map((e) => e.id)
      .sort();

  it('"in region": the district, each street and each community', async () => {
    const tree = regionTree(regions);
    const places = [
      regions.district,
      ...[PINGHU, BANTIAN].flatMap((id) => {
        const s = regions.street(id)!;
        return [s, ...s.children.slice(0, 2)];
      }),
    ];
    let compared = 0;
    for (const r of places) {
      const level = r.level;
      const sql = await sqlIds(eventInRegionSql(level, '$1'), level === 'district' ? [] : [r.id]);
      const js = jsIds((ev) => eventInRegion(ev, level === 'district' ? null : r.id, tree));
      expect(sql, r.id).toEqual(js);
      expect(
        jsIds((ev) => domainInRegion(regions, ev, r.id)),
        r.id,
      ).toEqual(js);
      compared += js.length;
    }
    // The table is not trivially empty or full anywhere.
    expect(compared).toBeGreaterThan(events.length);
  });

  it('"open" and "settled" statuses', async () => {
    expect(await sqlIds('e.status = ANY($1::text[])', [[...OPEN_STATUSES]])).toEqual(jsIds(isOpen));
    expect(await sqlIds('e.status = ANY($1::text[])', [[...SETTLED_STATUSES]])).toEqual(jsIds(isSettled));
    expect(jsIds(isOpen).length + jsIds(isSettled).length).toBe(events.length);
  });
});
