import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from '../../../src/state/url';

describe('URL state', () => {
  it('round-trips mode, language, theme and camera so a view can be shared', () => {
    const state = {
      mode: 'planner',
      locale: 'en',
      theme: 'light',
      camera: { center: [114.25, 22.72] as [number, number], zoom: 12.5, bearing: 30, pitch: 40 },
      scope: '440307003',
      layers: {
        on: ['admin-boundaries', '5g-stations', 'kiosks'],
        opacity: { kiosks: 0.5 },
        filters: { '5g-stations': { status: ['on-air', 'building'], operator: ['CMCC'] } },
      },
    } as const;
    const search = formatUrlState(
      {
        ...state,
        camera: { ...state.camera },
        layers: {
          on: [...state.layers.on],
          opacity: { ...state.layers.opacity },
          filters: { '5g-stations': { status: ['on-air', 'building'], operator: ['CMCC'] } },
        },
      },
      '?keep=1',
    );
    expect(search).toContain('keep=1');
    expect(parseUrlState(search)).toEqual(state);
  });

  it('ignores values a hand-edited or hostile URL may carry', () => {
    expect(parseUrlState('?mode=<script>&lang=fr&theme=neon&c=NaN,22,10')).toEqual({});
    expect(parseUrlState('?c=500,22,10')).toEqual({});
    expect(parseUrlState('?scope=%3Cimg%20src%3Dx%3E')).toEqual({});
  });
});
