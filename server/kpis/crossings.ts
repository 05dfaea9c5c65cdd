/**
 * The closure rate's crossings of its target over a range (@ioc/domain/kpis/crossings): the
 * hotline orders that can count at some hour of it, where each happened (as GET /kpis counts
 * them), with the times their history settled or reopened them.
 */
import type { Milestone } from '@ioc/contract/contract';
import { SETTLED_STATUSES } from '@ioc/contract/rules';
import { closureCrossings, type DueOrder, firstDueCounted } from '@ioc/domain/kpis/crossings';
import type { Region } from '@ioc/domain/regions';
import type { Sql } from '../db/driver';

export async function kpiMilestones(
  db: Sql,
  q: { region: Region; from: number; to: number },
): Promise<Milestone[]> {
  const params: unknown[] = [
    new Date(firstDueCounted(q.from)).toISOString(),
    new Date(q.to).toISOString(),
    [...SETTLED_STATUSES],
  ];
  const where =
    q.region.level === 'district'
      ? ''
      : `AND e.${q.region.level === 'street' ? 'region_id' : 'community_id'} = $4`;
  if (where) params.push(q.region.id);
  // Only the entries that settle an order or take it back (a month is some 20,000 orders);
  // an order without one is read once, with none. Each order's entries through its own
  // index (OFFSET 0 keeps the planner from turning the lateral into a hash join over the
  // whole history, which the embedded database, without parallel workers, reads alone).
  const rows = await db.query<{
    id: string;
    reported_at: Date;
    due_at: Date;
    at: Date | null;
    settled: boolean;
  }>(
    `SELECT e.id, e.reported_at, e.due_at, h.at, h.settled
     FROM events e LEFT JOIN LATERAL (
       SELECT h.id, h.at, h.to_status = ANY($3::text[]) AS settled FROM event_history h
       WHERE h.event_id = e.id AND h.at <= $2
         AND (h.to_status = ANY($3::text[]) OR h.from_status = ANY($3::text[]))
       OFFSET 0) h ON true
     WHERE e.source = '12345' AND e.due_at > $1 AND e.due_at <= $2 AND e.reported_at <= $2 ${where}
     ORDER BY e.id, h.id`,
    params,
  );
  const orders = new Map<string, DueOrder & { changes: { at: number; settled: boolean }[] }>();
  for (const r of rows) {
    let o = orders.get(r.id);
    if (!o) {
      o = { reportedAt: r.reported_at.getTime(), dueAt: r.due_at.getTime(), changes: [] };
      orders.set(r.id, o);
    }
    if (r.at) o.changes.push({ at: r.at.getTime(), settled: r.settled });
  }
  return closureCrossings([...orders.values()], q.from, q.to, q.region.id);
}
