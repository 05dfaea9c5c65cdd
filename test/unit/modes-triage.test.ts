import { describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import { commandOf, stepSelection, triageAction } from '../../src/modes/operator/triage';

const ev = (id: string, status: IocEvent['status'], communityId?: string): IocEvent =>
  ({ id, status, communityId, regionId: '440307001' }) as IocEvent;
const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('keyboard triage', () => {
  it('maps J/K/arrows/D/C/R and leaves modified keys alone', () => {
    expect(['j', 'J', 'ArrowDown', 'k', 'ArrowUp', 'd', 'c', 'R'].map((k) => commandOf(key(k)))).toEqual([
      'next',
      'next',
      'next',
      'previous',
      'previous',
      'dispatch',
      'claim',
      'resolve',
    ]);
    expect(commandOf(key('r', { ctrlKey: true }))).toBeNull();
    expect(commandOf(key('x'))).toBeNull();
  });

  it('moves through the queue as shown, starting at the top, stopping at the ends', () => {
    const items = [ev('a', 'reported'), ev('b', 'handling'), ev('c', 'dispatched')];
    expect(stepSelection(items, null, 1)?.id).toBe('a');
    expect(stepSelection(items, 'a', 1)?.id).toBe('b');
    expect(stepSelection(items, 'c', 1)?.id).toBe('c');
    expect(stepSelection(items, 'a', -1)?.id).toBe('a');
    expect(stepSelection(items, 'gone', 1)?.id).toBe('a');
    expect(stepSelection([], null, 1)).toBeNull();
  });

  it('sends only what the status allows; dispatch goes to the event’s own community', () => {
    const communities = ['440307001001', '440307001002'];
    expect(triageAction('dispatch', ev('a', 'reported', '440307001002'), communities)).toEqual({
      action: 'dispatch',
      toRegionId: '440307001002',
    });
    expect(triageAction('dispatch', ev('a', 'reported'), communities)?.toRegionId).toBe('440307001001');
    expect(triageAction('resolve', ev('a', 'handling'), communities)).toEqual({ action: 'resolve' });
    expect(triageAction('resolve', ev('a', 'reported'), communities)).toBeNull();
    expect(triageAction('claim', ev('a', 'dispatched'), communities)).toEqual({ action: 'claim' });
    expect(triageAction('next', ev('a', 'handling'), communities)).toBeNull();
  });
});
