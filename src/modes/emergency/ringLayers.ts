/**
 * The three control rings as deck.gl layers (ids prefixed `emergency-`): translucent
 * bands, outermost drawn first, each with a bold edge, and the incident as a bright dot.
 * Pure: positions are already in the basemap's CRS.
 */
import type { Layer } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import circle from '@turf/circle';
import type { LngLat } from '@ioc/contract/contract';

type RGB = [number, number, number];

/** 封控 red, 管控 amber, 防范 yellow: the usual control-zone colours. */
export const RING_COLORS: [RGB, RGB, RGB] = [
  [255, 59, 48],
  [255, 149, 0],
  [255, 214, 10],
];

export function ringPolygon(center: LngLat, radiusM: number): number[][] {
  return circle(center, radiusM / 1000, { steps: 128, units: 'kilometers' }).geometry
    .coordinates[0] as number[][];
}

export function buildRingLayers(center: LngLat, radiiM: readonly number[]): Layer[] {
  const rings = radiiM.map((r, i) => ({ i, r, polygon: ringPolygon(center, r) })).reverse();
  return [
    new PolygonLayer<(typeof rings)[number]>({
      id: 'emergency-rings',
      data: rings,
      getPolygon: (d) => d.polygon,
      filled: true,
      stroked: true,
      getFillColor: (d) => [...(RING_COLORS[d.i] ?? RING_COLORS[2]), 34] as [number, number, number, number],
      getLineColor: (d) => [...(RING_COLORS[d.i] ?? RING_COLORS[2]), 255] as [number, number, number, number],
      lineWidthUnits: 'pixels',
      getLineWidth: 4,
      pickable: false,
    }),
    new ScatterplotLayer<{ at: LngLat }>({
      id: 'emergency-incident',
      data: [{ at: center }],
      getPosition: (d) => d.at,
      radiusUnits: 'pixels',
      getRadius: 11,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getFillColor: [255, 59, 48, 255],
      getLineColor: [255, 255, 255, 255],
      pickable: false,
    }),
  ];
}
