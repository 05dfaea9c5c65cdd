import { describe, expect, it } from 'vitest';
import { declutter } from '../../../layers/kit/labels';

type L = { name: string; at: [number, number]; rank: number; street?: boolean };
const o = (zoom: number) => ({
  zoom,
  size: 14,
  text: (l: L) => l.name,
  at: (l: L) => l.at,
  priority: (l: L) => l.rank,
  keep: (l: L) => l.street === true,
});

describe('labels that do not sit on one another', () => {
  const a: L = { name: '布吉第一社区', at: [114.1, 22.6], rank: 3 };
  const b: L = { name: '布吉第二社区', at: [114.1005, 22.6], rank: 2 };
  const far: L = { name: '龙岗第一社区', at: [114.3, 22.75], rank: 1 };

  it('keeps the higher-ranked of two labels that would overlap, and one far away', () => {
    expect(declutter([b, far, a], o(13)).map((l) => l.name)).toEqual(['布吉第一社区', '龙岗第一社区']);
  });

  it('places both once the map is zoomed in far enough to part them', () => {
    expect(declutter([a, b], o(19))).toHaveLength(2);
  });

  it('never drops a label that frames the map, whatever lies under it', () => {
    const street: L = { name: '布吉街道', at: [114.1002, 22.6], rank: 0, street: true };
    expect(declutter([a, street], o(13)).map((l) => l.name)).toContain('布吉街道');
  });
});
