/**
 * Intake (POST /events, for reporting systems with an intake token), as the mock and the
 * server both read it: the body, checked with its route's schema before it gets here, and each
 * item made a reported event in the street and community its location lies in.
 */
import type { IntakeEvent, IocEvent } from '@ioc/contract/contract';
import type { BodyOf } from '@ioc/contract/routes';
import { dueMsFor, SOURCE_BY_ID } from './events/categories';
import { HttpError } from '@ioc/contract/http';
import { FUTURE_SKEW_MS, REPORT_WINDOW_MS } from '@ioc/contract/input';
import type { Region, RegionIndex } from './regions';
import { formatIso, HOUR, parseIso } from './time';

const DAYS = REPORT_WINDOW_MS / (24 * HOUR);

/** The checked body (its route's schema: @ioc/contract/body) as its items, and whether it was a batch. */
export function intakeItems(body: BodyOf<'reportEvents'>): { batch: boolean; items: IntakeEvent[] } {
  return 'events' in body ? { batch: true, items: body.events } : { batch: false, items: [body] };
}

/**
 * The events the items describe, reported now by `by`, or the error for the first that
 * cannot be one: a location in no street (400) or outside the caller's `home` region (403),
 * a report from the future (more than 5 minutes ahead) or older than 400 days, a deadline
 * before it or more than 400 days ahead (400). Every time the API stores lies in that window,
 * so every stored event can be read back and formatted.
 */
export function intakeEvents(
  regions: RegionIndex,
  home: Region,
  read: { batch: boolean; items: IntakeEvent[] },
  by: string,
  now: number,
  idOf: (i: number) => string,
): IocEvent[] {
  return read.items.map((item, i) => {
    const refuse = (status: 400 | 403, field: string, message: string) =>
      new HttpError(
        status,
        status === 400 ? 'bad_request' : 'forbidden',
        `${read.batch ? `events[${i}].` : ''}${field} ${message}`,
      );
    const street = regions.streetAt(item.location);
    if (!street)
      throw refuse(
        400,
        'location',
        `[${item.location.join(', ')}] lies in no street of the district (the data CRS is GCJ-02)`,
      );
    const community = regions.communityAt(street.id, item.location);
    if (!regions.within(community?.id ?? street.id, home.id))
      throw refuse(403, 'location', "lies outside the token's region");
    const reported = item.reportedAt === undefined ? now : parseIso(item.reportedAt);
    if (Number.isNaN(reported)) throw refuse(400, 'reportedAt', 'is not a time');
    if (reported > now + FUTURE_SKEW_MS) throw refuse(400, 'reportedAt', 'is in the future');
    if (reported < now - REPORT_WINDOW_MS)
      throw refuse(400, 'reportedAt', `is more than ${DAYS} days ago (the oldest report accepted)`);
    const def = SOURCE_BY_ID.get(item.source);
    const due =
      item.dueAt === undefined
        ? reported + (def ? dueMsFor(def, item.severity) : 24 * HOUR)
        : parseIso(item.dueAt);
    if (Number.isNaN(due)) throw refuse(400, 'dueAt', 'is not a time');
    if (due < reported) throw refuse(400, 'dueAt', 'is before reportedAt');
    if (item.dueAt !== undefined && due > now + REPORT_WINDOW_MS)
      throw refuse(400, 'dueAt', `is more than ${DAYS} days ahead`);
    const reportedAt = formatIso(reported);
    const ev: IocEvent = {
      id: idOf(i),
      source: item.source,
      category: item.category,
      title: item.title,
      description: item.description ?? '',
      severity: item.severity,
      status: 'reported',
      regionId: street.id,
      location: item.location,
      reportedAt,
      dueAt: formatIso(due),
      updatedAt: formatIso(Math.max(now, reported)),
      history: [{ at: reportedAt, action: 'report', by, fromStatus: null, toStatus: 'reported' }],
    };
    if (community) ev.communityId = community.id;
    return ev;
  });
}

/** The key an event is known by to its reporting system. */
export const intakeKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;
