/** Query parameters read alike by every implementation of the contract. */
import { badRequest } from './http';

export type BBox = [number, number, number, number];

export function parseBBox(raw: string): BBox {
  const parts = raw.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
    throw badRequest('bbox must be minLng,minLat,maxLng,maxLat (four finite numbers)');
  }
  const [minX, minY, maxX, maxY] = parts as [number, number, number, number];
  if (minX > maxX || minY > maxY) throw badRequest('bbox min must not exceed max');
  if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90) throw badRequest('bbox is outside lng/lat range');
  return [minX, minY, maxX, maxY];
}
