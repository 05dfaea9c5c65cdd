import { beforeEach, describe, expect, it } from 'vitest';
import { useLayersStore } from '../../../src/state/layers';

describe('layer stack', () => {
  beforeEach(() =>
    useLayersStore.setState({
      on: ['demolition', 'admin-boundaries', 'live-events'],
      opacity: {},
      filters: {},
      ranks: { demolition: 20, '5g-stations': 40, 'admin-boundaries': 90, 'live-events': 100, extra: 30 },
    }),
  );

  it('slots a layer that is turned on below the labels and live events, by its rank', () => {
    useLayersStore.getState().setOn('5g-stations', true);
    expect(useLayersStore.getState().on).toEqual([
      'demolition',
      '5g-stations',
      'admin-boundaries',
      'live-events',
    ]);
    useLayersStore.getState().setOn('extra', true);
    expect(useLayersStore.getState().on.indexOf('extra')).toBe(1);
  });

  it('moves a layer one step and never past either end', () => {
    const { move } = useLayersStore.getState();
    move('demolition', 1);
    expect(useLayersStore.getState().on).toEqual(['admin-boundaries', 'demolition', 'live-events']);
    move('admin-boundaries', -1);
    expect(useLayersStore.getState().on[0]).toBe('admin-boundaries');
  });

  it('drops a filter key when nothing is ticked, so the URL stays clean', () => {
    const { setFilter } = useLayersStore.getState();
    setFilter('5g-stations', 'status', ['on-air']);
    expect(useLayersStore.getState().filters).toEqual({ '5g-stations': { status: ['on-air'] } });
    setFilter('5g-stations', 'status', []);
    expect(useLayersStore.getState().filters).toEqual({});
  });
});
