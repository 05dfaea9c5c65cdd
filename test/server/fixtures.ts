/** Events the tests write themselves. */
import { formatIso } from '../../mock-server/time';
import type { IocEvent } from '../../src/api/contract';

/** A fresh reported event in a street, written the way the feeder writes one. */
export function newEvent(id: string, street: string, at = Date.now()): IocEvent {
  const t = formatIso(at);
  return {
    id,
    source: 'grid',
    category: 'sanitation',
    title: `测试事件 ${id}`,
    description: '契约测试',
    severity: 2,
    status: 'reported',
    regionId: street,
    location: [114.2, 22.7],
    reportedAt: t,
    dueAt: formatIso(at + 86_400_000),
    updatedAt: t,
    history: [{ at: t, action: 'report', by: 'grid', fromStatus: null, toStatus: 'reported' }],
  };
}
