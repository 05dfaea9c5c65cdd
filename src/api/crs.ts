/**
 * Coordinate conversion in the browser: the contract's conversion (gcoord), with a heavy
 * geometry shifted on a grid of exact shifts (src/api/heavyChecks.ts) once that code is here.
 */
import type { Crs, Geometry } from '@ioc/contract/contract';
import { convertGeometry as convertExactly, type Pos, sameDatum } from '@ioc/contract/crs';
import { HEAVY_VERTICES, heavySupport, vertexCount } from './heavyGeometry';

export { convertPoint, mapPositions, sameDatum } from '@ioc/contract/crs';

const onGridWhenHeavy = <G extends Geometry>(g: G, exact: (p: Pos) => Pos): ((p: Pos) => Pos) => {
  const heavy = heavySupport();
  return heavy && vertexCount(g.coordinates) > HEAVY_VERTICES ? heavy.onGrid(g, exact) : exact;
};

export function convertGeometry<G extends Geometry>(g: G, from: Crs, to: Crs): G {
  return convertExactly(g, from, to, onGridWhenHeavy);
}

export function convertFeatures<F extends { geometry: Geometry }>(features: F[], from: Crs, to: Crs): F[] {
  if (sameDatum(from, to)) return features;
  return features.map((feat) => ({ ...feat, geometry: convertGeometry(feat.geometry, from, to) }));
}
