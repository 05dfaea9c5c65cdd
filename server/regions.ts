/**
 * The region tree, read from the database once at start-up into the mock's RegionIndex:
 * lookups (by id, children, containment) for scoping and for the dispatch chain's rules.
 */
import { RegionIndex, type RegionsFile } from '@ioc/domain/regions';
import type { RegionProps } from '@ioc/contract/contract';
import type { Sql } from './db/driver';

export interface RegionRow {
  id: string;
  level: RegionProps['level'];
  parent_id: string | null;
  name: string;
  name_en: string | null;
  population: number;
  area_km2: number;
  center_lng: number | null;
  center_lat: number | null;
  geojson: string;
}

export const REGION_SELECT = `SELECT id, level, parent_id, name, name_en, population, area_km2, center_lng, center_lat,
  ST_AsGeoJSON(geom) AS geojson FROM regions`;

export function regionProps(r: RegionRow): RegionProps {
  // The source file's key order: id, name, nameEn, level, parentId, population, areaKm2, center.
  const p: RegionProps = {
    id: r.id,
    name: r.name,
    ...(r.name_en !== null ? { nameEn: r.name_en } : {}),
    level: r.level,
    parentId: r.parent_id,
    population: r.population,
    areaKm2: r.area_km2,
  };
  if (r.center_lng !== null && r.center_lat !== null) p.center = [r.center_lng, r.center_lat];
  return p;
}

export async function regionIndex(db: Sql): Promise<RegionIndex> {
  const rows = await db.query<RegionRow & Record<string, unknown>>(`${REGION_SELECT} ORDER BY ord`);
  const file: RegionsFile = {
    attribution: '',
    crs: 'GCJ02',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      properties: regionProps(r),
      geometry: JSON.parse(r.geojson),
    })),
  };
  return new RegionIndex(file);
}
