/**
 * The generated city: regions plus the six layers, each generated lazily on first use and
 * cached. Layer data depends on (seed, layerScale) only, never on the clock.
 */
import type { Feature } from '@ioc/contract/contract';
import { type BBox, ringCenter } from '@ioc/domain/geo';
import type { GenContext } from './generators/common';
import { type StationTargets, stationTargets } from './generators/stations';
import { type AnyProps, LAYER_GENERATORS, type LayerId } from './layers';
import type { Region, RegionIndex } from '@ioc/domain/regions';

export interface LayerData {
  id: LayerId;
  features: Feature<AnyProps>[];
  /** Anchor (point, or polygon label point) of feature i at [2i, 2i+1]: for bbox/region filters. */
  anchors: Float64Array;
  /** Feature indices per street id. */
  byStreet: Map<string, Uint32Array>;
}

export class World {
  private readonly layers = new Map<LayerId, LayerData>();
  private readonly communityMembers = new Map<string, Uint32Array>();
  private targets: StationTargets | undefined;
  readonly ctx: GenContext;

  /** `made`: a layer's features made otherwise than by its generator (a kept earlier version). */
  constructor(
    readonly regions: RegionIndex,
    readonly seed: number,
    readonly layerScale: number,
    private readonly made?: (id: LayerId) => Feature<AnyProps>[] | undefined,
  ) {
    this.ctx = { seed, scale: layerScale, regions };
  }

  layer(id: LayerId): LayerData {
    let data = this.layers.get(id);
    if (!data) {
      data = index(id, this.made?.(id) ?? LAYER_GENERATORS[id](this.ctx));
      this.layers.set(id, data);
    }
    return data;
  }

  /** Has this layer been generated yet (catalog counts do not force generation)? */
  isGenerated(id: LayerId): boolean {
    return this.layers.has(id);
  }

  stationTargets(): StationTargets {
    this.targets ??= stationTargets(this.ctx);
    return this.targets;
  }

  /**
   * Indices of a layer's features inside a region: all for the district, the street's own
   * for a street, and for a community those of its street whose anchor lies inside it.
   */
  indicesIn(id: LayerId, region: Region): Uint32Array | null {
    const data = this.layer(id);
    if (region.level === 'district') return null;
    if (region.level === 'street') return data.byStreet.get(region.id) ?? new Uint32Array(0);
    const key = `${id}|${region.id}`;
    let members = this.communityMembers.get(key);
    if (!members) {
      const streetIdx = region.parentId ? data.byStreet.get(region.parentId) : undefined;
      const out: number[] = [];
      for (const i of streetIdx ?? []) {
        if (region.polygon.contains(data.anchors[2 * i] as number, data.anchors[2 * i + 1] as number))
          out.push(i);
      }
      members = Uint32Array.from(out);
      this.communityMembers.set(key, members);
    }
    return members;
  }

  /** The region's features (all of them for the district). */
  featuresIn(id: LayerId, region: Region): Feature<AnyProps>[] {
    const data = this.layer(id);
    const idx = this.indicesIn(id, region);
    if (!idx) return data.features;
    const out = new Array<Feature<AnyProps>>(idx.length);
    for (let k = 0; k < idx.length; k++) out[k] = data.features[idx[k] as number] as Feature<AnyProps>;
    return out;
  }

  /** Features of a region whose anchor lies in bbox and whose properties pass `keep`. */
  query(
    id: LayerId,
    region: Region,
    bbox: BBox | null,
    keep: ((p: AnyProps) => boolean) | null,
  ): Feature<AnyProps>[] {
    const data = this.layer(id);
    const idx = this.indicesIn(id, region);
    const n = idx ? idx.length : data.features.length;
    const out: Feature<AnyProps>[] = [];
    for (let k = 0; k < n; k++) {
      const i = idx ? (idx[k] as number) : k;
      if (bbox) {
        const x = data.anchors[2 * i] as number;
        const y = data.anchors[2 * i + 1] as number;
        if (x < bbox[0] || x > bbox[2] || y < bbox[1] || y > bbox[3]) continue;
      }
      const f = data.features[i] as Feature<AnyProps>;
      if (keep && !keep(f.properties)) continue;
      out.push(f);
    }
    return out;
  }
}

function index(id: LayerId, features: Feature<AnyProps>[]): LayerData {
  const anchors = new Float64Array(features.length * 2);
  const lists = new Map<string, number[]>();
  features.forEach((f, i) => {
    const g = f.geometry;
    const p =
      g.type === 'Point' ? g.coordinates : g.type === 'Polygon' ? ringCenter(g.coordinates[0] ?? []) : [0, 0];
    anchors[2 * i] = p[0] as number;
    anchors[2 * i + 1] = p[1] as number;
    const list = lists.get(f.properties.regionId);
    if (list) list.push(i);
    else lists.set(f.properties.regionId, [i]);
  });
  const byStreet = new Map<string, Uint32Array>();
  for (const [k, v] of lists) byStreet.set(k, Uint32Array.from(v));
  return { id, features, anchors, byStreet };
}
