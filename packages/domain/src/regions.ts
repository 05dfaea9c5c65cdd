/**
 * The district, its 11 streets and their communities, from data/regions.json (GCJ-02),
 * with the lookups every other module needs: by id, children, containment, population.
 */
import type { RegionLevel, RegionProps } from '@ioc/contract/contract';
import { type AreaGeometry, PolygonIndex, type Pos } from './geo';

export interface RegionFeature {
  type: 'Feature';
  id?: string | number;
  properties: RegionProps;
  geometry: AreaGeometry;
}
export interface RegionsFile {
  attribution: string;
  crs: string;
  features: RegionFeature[];
}

export interface Region {
  id: string;
  name: string;
  nameEn?: string;
  level: RegionLevel;
  parentId: string | null;
  population: number;
  areaKm2: number;
  center: Pos;
  feature: RegionFeature;
  polygon: PolygonIndex;
  /** Direct children (streets of the district, communities of a street). */
  children: Region[];
}

export class RegionIndex {
  readonly byId = new Map<string, Region>();
  readonly district: Region;
  readonly streets: Region[];
  readonly communities: Region[];

  constructor(readonly file: RegionsFile) {
    for (const f of file.features) {
      const p = f.properties;
      const polygon = new PolygonIndex(f.geometry);
      const b = polygon.bbox;
      this.byId.set(p.id, {
        id: p.id,
        name: p.name,
        ...(p.nameEn !== undefined ? { nameEn: p.nameEn } : {}),
        level: p.level,
        parentId: p.parentId,
        population: p.population,
        areaKm2: p.areaKm2,
        center: (p.center as Pos | undefined) ?? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2],
        feature: f,
        polygon,
        children: [],
      });
    }
    for (const r of this.byId.values()) {
      if (r.parentId) this.byId.get(r.parentId)?.children.push(r);
    }
    const byId = (a: Region, b: Region) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    for (const r of this.byId.values()) r.children.sort(byId);
    const districts = [...this.byId.values()].filter((r) => r.level === 'district');
    if (districts.length !== 1)
      throw new Error(`regions.json: expected one district, found ${districts.length}`);
    this.district = districts[0] as Region;
    this.streets = [...this.byId.values()].filter((r) => r.level === 'street').sort(byId);
    this.communities = [...this.byId.values()].filter((r) => r.level === 'community').sort(byId);
    if (this.streets.length === 0) throw new Error('regions.json: no streets');
  }

  get(id: string): Region | undefined {
    return this.byId.get(id);
  }

  street(id: string): Region | undefined {
    const r = this.byId.get(id);
    return r?.level === 'street' ? r : undefined;
  }

  /** The street a region belongs to (itself for a street, its parent for a community). */
  streetOf(id: string): Region | undefined {
    const r = this.byId.get(id);
    if (!r) return undefined;
    if (r.level === 'street') return r;
    if (r.level === 'community' && r.parentId) return this.street(r.parentId);
    return undefined;
  }

  /** Is `inner` equal to or inside `outer` in the hierarchy? */
  within(innerId: string, outerId: string): boolean {
    for (let r = this.byId.get(innerId); r; r = r.parentId ? this.byId.get(r.parentId) : undefined) {
      if (r.id === outerId) return true;
    }
    return false;
  }

  /** The community of a street containing a point, if any (communities tile their street). */
  communityAt(streetId: string, p: readonly number[]): Region | undefined {
    const street = this.street(streetId);
    if (!street) return undefined;
    return street.children.find((c) => c.polygon.contains(p[0] as number, p[1] as number));
  }

  /** The street containing a point, if any. */
  streetAt(p: readonly number[]): Region | undefined {
    return this.streets.find((s) => s.polygon.contains(p[0] as number, p[1] as number));
  }
}
