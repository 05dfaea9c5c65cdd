/** Events the tests write themselves. */
import { formatIso } from '@ioc/domain/time';
import type { IntakeEvent, IocEvent } from '@ioc/contract/contract';

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

/** Inside 平湖 (GCJ-02). */
export const IN_PINGHU: [number, number] = [114.13, 22.69];

/** A 12345 hotline order as the hotline's system would report it. */
export const hotlineOrder = (externalId: string, over: Partial<IntakeEvent> = {}): IntakeEvent => ({
  source: '12345',
  externalId,
  category: 'general-complaint',
  title: `噪音投诉 ${externalId}`,
  description: '夜间施工噪音',
  severity: 2,
  location: IN_PINGHU,
  ...over,
});
