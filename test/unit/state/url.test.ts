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
        scene: null,
        emergency: false,
        event: null,
      },
      '?keep=1',
    );
    expect(search).toContain('keep=1');
    expect(parseUrlState(search)).toEqual(state);
  });

  it('carries the tour scene, the emergency switch and the selected event, and drops them when off', () => {
    const base = {
      mode: 'wall',
      locale: 'zh-CN',
      theme: 'dark',
      camera: { center: [114.2, 22.7] as [number, number], zoom: 11, bearing: 0, pitch: 0 },
      scope: null,
      layers: { on: ['live-events'], opacity: {}, filters: {} },
    } as const;
    const on = formatUrlState(
      {
        ...base,
        layers: { ...base.layers, on: ['live-events'] },
        scene: '5g',
        emergency: true,
        event: 'E-42',
      },
      '',
    );
    expect(parseUrlState(on)).toMatchObject({ scene: '5g', emergency: true, event: 'E-42' });
    const off = formatUrlState(
      {
        ...base,
        layers: { ...base.layers, on: ['live-events'] },
        scene: null,
        emergency: false,
        event: null,
      },
      on,
    );
    const parsed = parseUrlState(off);
    expect(parsed.scene).toBeUndefined();
    expect(parsed.emergency).toBeUndefined();
    expect(parsed.event).toBeUndefined();
  });

  it('carries the replayed moment so a link reproduces the picture, and drops it when live', () => {
    const base = {
      mode: 'wall',
      locale: 'zh-CN',
      theme: 'dark',
      camera: { center: [114.2, 22.7] as [number, number], zoom: 11, bearing: 0, pitch: 0 },
      scope: null,
      layers: { on: ['live-events'], opacity: {}, filters: {} },
      scene: null,
      emergency: false,
      event: null,
    } as const;
    const at = Date.parse('2026-12-05T03:14:00+08:00');
    const replaying = formatUrlState({ ...base, layers: { ...base.layers, on: ['live-events'] }, t: at }, '');
    expect(new URLSearchParams(replaying).get('t')).toBe('2026-12-05T03:14:00+08:00');
    expect(parseUrlState(replaying).t).toBe(at);
    // Typed by hand, the offset's + arrives as a space (form encoding): still the same moment.
    expect(parseUrlState('?t=2026-12-05T03:14:00+08:00').t).toBe(at);
    const live = formatUrlState(
      { ...base, layers: { ...base.layers, on: ['live-events'] }, t: null },
      replaying,
    );
    expect(parseUrlState(live).t).toBeUndefined();
  });

  it('ignores values a hand-edited or hostile URL may carry', () => {
    expect(parseUrlState('?t=yesterday')).toEqual({});
    expect(parseUrlState('?t=2026-12-05T03:14:00')).toEqual({});
    expect(parseUrlState('?scene=%3Cb%3E&emergency=yes&event=a%20b')).toEqual({});
    expect(parseUrlState('?mode=<script>&lang=fr&theme=neon&c=NaN,22,10')).toEqual({});
    expect(parseUrlState('?c=500,22,10')).toEqual({});
    expect(parseUrlState('?scope=%3Cimg%20src%3Dx%3E')).toEqual({});
  });
});
