/**
 * The map hands hover picking to deck.gl only once the pointer rests, never during a move
 * or a press, and picks a click itself.
 */
import type { PickingInfo } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibre, MapMouseEvent } from 'maplibre-gl';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pickOnRest } from '../../../src/map/pickOnRest';

/** The slice of a MapLibre map that pickOnRest uses, with listeners in registration order. */
function fakeMap() {
  const listeners = new Map<string, ((e: unknown) => void)[]>();
  let moving = false;
  const map = {
    on(type: string, f: (e: unknown) => void) {
      listeners.set(type, [...(listeners.get(type) ?? []), f]);
    },
    off(type: string, f: (e: unknown) => void) {
      listeners.set(
        type,
        (listeners.get(type) ?? []).filter((g) => g !== f),
      );
    },
    fire(e: { type: string }) {
      for (const f of listeners.get(e.type) ?? []) f(e);
    },
    isMoving: () => moving,
  };
  const event = (type: string, x = 10, y = 20) =>
    ({ type, point: { x, y }, lngLat: { lng: 114.2, lat: 22.7 } }) as unknown as MapMouseEvent;
  return {
    map,
    event,
    setMoving: (m: boolean) => (moving = m),
    count: (t: string) => listeners.get(t)?.length ?? 0,
  };
}

function fakeOverlay(picked: Partial<PickingInfo> | null) {
  const state = { pickable: true, hoverPicks: 0 };
  const overlay = {
    setProps: vi.fn((p: { _pickable?: boolean }) => {
      if (p._pickable !== undefined) state.pickable = p._pickable;
    }),
    pickObject: vi.fn(() => (state.pickable ? picked : null)),
  };
  return { overlay: overlay as unknown as MapboxOverlay, state, spy: overlay };
}

describe('picking on rest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns hover picking off while the pointer moves and back on once it rests, replaying the position', () => {
    const { map, event } = fakeMap();
    const { overlay, state } = fakeOverlay(null);
    pickOnRest(map as unknown as MapLibre, overlay, () => undefined);
    // The overlay's own listener, registered after ours, sees what pickability it picks with.
    const seen: boolean[] = [];
    map.on('mousemove', () => seen.push(state.pickable));
    map.fire(event('mousemove'));
    map.fire(event('mousemove', 12, 22));
    expect(seen).toEqual([false, false]);
    vi.advanceTimersByTime(200);
    expect(state.pickable).toBe(true);
    expect(seen).toEqual([false, false, true]); // the resting position, handed over again
  });

  it('never picks while the map itself moves or a button is pressed', () => {
    const { map, event, setMoving } = fakeMap();
    const { overlay, state } = fakeOverlay(null);
    pickOnRest(map as unknown as MapLibre, overlay, () => undefined);
    vi.advanceTimersByTime(200);
    map.fire(event('mousedown'));
    expect(state.pickable).toBe(false);
    setMoving(true);
    map.fire(event('mousemove'));
    vi.advanceTimersByTime(500);
    expect(state.pickable).toBe(false);
  });

  it('a click picks where it landed, and tools get the place when nothing is there', () => {
    const { map, event } = fakeMap();
    const hit = { object: { id: 'S1' }, coordinate: [114.1, 22.6] } as unknown as PickingInfo;
    const withHit = fakeOverlay(hit);
    const clicks: PickingInfo[] = [];
    pickOnRest(map as unknown as MapLibre, withHit.overlay, () => (i) => clicks.push(i));
    map.fire(event('mousemove'));
    map.fire(event('click', 30, 40));
    expect(withHit.spy.pickObject).toHaveBeenCalledWith({ x: 30, y: 40, radius: 4 });
    expect(clicks[0]).toBe(hit);

    const empty = fakeMap();
    const none = fakeOverlay(null);
    const got: PickingInfo[] = [];
    pickOnRest(empty.map as unknown as MapLibre, none.overlay, () => (i) => got.push(i));
    empty.map.fire(empty.event('click', 5, 6));
    expect(got[0]?.object).toBeUndefined();
    expect(got[0]?.coordinate).toEqual([114.2, 22.7]);
  });

  it('removes its listeners when the map goes', () => {
    const { map, count } = fakeMap();
    const stop = pickOnRest(map as unknown as MapLibre, fakeOverlay(null).overlay, () => undefined);
    expect(count('mousemove')).toBe(1);
    stop();
    expect(count('mousemove') + count('click') + count('mousedown')).toBe(0);
  });
});
