/** The domain's replay: an event cut at a moment, the assignee worked back, milestones. */
import { describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import { eventAsOf, milestonesOf } from '@ioc/domain/events/asof';
import { applyAction } from '@ioc/domain/events/lifecycle';
import { formatIso, MINUTE } from '@ioc/domain/time';
import { defaultRegions } from '../../mock-server/regions';

const regions = defaultRegions();
const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const PINGHU = '440307001';
const COMMUNITY = '440307001002';

function reported(severity: IocEvent['severity'] = 4): IocEvent {
  const t = formatIso(T0);
  return {
    id: 'EV-a',
    source: '12345',
    category: 'general-complaint',
    title: '测试',
    description: '',
    severity,
    status: 'reported',
    regionId: PINGHU,
    location: [114.13, 22.69],
    reportedAt: t,
    dueAt: formatIso(T0 + 60 * MINUTE),
    updatedAt: t,
    history: [{ at: t, action: 'report', by: '12345', fromStatus: null, toStatus: 'reported' }],
  };
}

function step(ev: IocEvent, minutes: number, action: 'dispatch' | 'claim' | 'escalate', toRegionId?: string) {
  const street = { kind: 'street' as const, streetId: PINGHU };
  const scope = action === 'dispatch' && toRegionId === PINGHU ? { kind: 'district' as const } : street;
  const out = applyAction(regions, ev, { action, toRegionId, scope, by: 'test', at: T0 + minutes * MINUTE });
  if (!out.ok) throw new Error(out.message);
  return out.event;
}

describe('eventAsOf', () => {
  const ev = step(step(step(reported(), 10, 'dispatch', PINGHU), 20, 'dispatch', COMMUNITY), 30, 'claim');

  it('works the assignee back along the chain', () => {
    expect(eventAsOf(regions, ev, T0 - 1000)).toBeNull();
    expect(eventAsOf(regions, ev, T0)?.assignee).toBeUndefined();
    expect(eventAsOf(regions, ev, T0 + 15 * MINUTE)?.assignee).toEqual({ level: 'street', regionId: PINGHU });
    const at25 = eventAsOf(regions, ev, T0 + 25 * MINUTE);
    expect(at25?.assignee).toEqual({ level: 'community', regionId: COMMUNITY });
    expect(at25?.status).toBe('dispatched');
    expect(at25?.updatedAt).toBe(formatIso(T0 + 20 * MINUTE));
    expect(eventAsOf(regions, ev, T0 + 31 * MINUTE)).toBe(ev);
  });

  it('keeps the later assignee where the history proves no more (an escalation)', () => {
    const up = step(ev, 40, 'escalate');
    expect(up.assignee).toEqual({ level: 'street', regionId: PINGHU });
    expect(eventAsOf(regions, up, T0 + 35 * MINUTE)?.assignee).toEqual(up.assignee);
  });
});

describe('milestonesOf', () => {
  const all = () => true;
  it('lists a critical event only, and its deadline only while it was open', () => {
    const ev = step(reported(), 10, 'dispatch', PINGHU);
    expect(milestonesOf(regions, ev, T0, T0 + 2 * 3600_000, all).map((m) => m.kind)).toEqual([
      'reported',
      'dispatched',
      'overdue',
    ]);
    expect(milestonesOf(regions, reported(3), T0, T0 + 2 * 3600_000, all)).toEqual([]);
    expect(milestonesOf(regions, ev, T0 + MINUTE, T0 + 59 * MINUTE, all).map((m) => m.kind)).toEqual([
      'dispatched',
    ]);
  });
});
