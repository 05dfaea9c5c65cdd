/**
 * The demo city as rows: everything is read from the mock's generators (one world, two
 * homes), so the server seeded with a seed answers what the in-memory mock answers.
 */
import { createApi } from '../../mock-server/api';
import { buildCatalog } from '../../mock-server/catalog';
import readinessJson from '../../mock-server/data/subcenter-readiness.json';
import { demoTokens, tokenRegion } from '../../mock-server/auth';
import { ringCenter } from '@ioc/domain/geo';
import { LAYER_IDS, type LayerId } from '../../mock-server/layers';
import type { RegionFeature } from '@ioc/domain/regions';
import { defaultRegions } from '../../mock-server/regions';
import { World } from '../../mock-server/world';
import { LayerHistory } from '../../mock-server/history';
import type { Feature, IocEvent, LayerInfo } from '@ioc/contract/contract';
import type { FeatureRow } from '../db/features';

export interface TokenRow {
  token: string;
  role: 'district' | 'street' | 'community' | 'intake';
  regionId: string;
}

/** The demo city of one seed, lazily: layers are generated one at a time as they are written. */
export class DemoWorld {
  readonly regions = defaultRegions();
  readonly world: World;
  /** The layers' kept versions, as the mock begun at the seed's `now` keeps them. */
  readonly history: LayerHistory;

  /** `layerScale` multiplies every layer (100: a million 5G stations, for benchmarks). */
  constructor(
    readonly seed: number,
    layerScale = 1,
    now = Date.now(),
  ) {
    this.world = new World(this.regions, seed, layerScale);
    this.history = new LayerHistory(this.world, now);
  }

  regionFeatures(): RegionFeature[] {
    return this.regions.file.features;
  }

  catalog(): LayerInfo[] {
    return buildCatalog(
      () => 0,
      (id) => this.history.updatedAt(id),
    );
  }

  layerIds(): readonly LayerId[] {
    return LAYER_IDS;
  }

  /** A layer's features in generation order (of `world`: a kept version's), with the street and the community of each. */
  featureRows(id: LayerId, world = this.world): FeatureRow[] {
    const data = world.layer(id);
    const community = new Array<string | null>(data.features.length).fill(null);
    for (const c of this.regions.communities) {
      for (const i of world.indicesIn(id, c) ?? []) community[i] = c.id;
    }
    return data.features.map((f: Feature<{ id: string; regionId: string }>, i) => {
      const g = f.geometry;
      const anchor =
        g.type === 'Point' ? g.coordinates : ringCenter(g.type === 'Polygon' ? (g.coordinates[0] ?? []) : []);
      return {
        ord: i,
        id: f.properties.id,
        street: f.properties.regionId,
        community: community[i] ?? null,
        geom: JSON.stringify(g),
        x: anchor[0] as number,
        y: anchor[1] as number,
        props: JSON.stringify(f.properties),
      };
    });
  }

  /** 5G targets by region id (district, streets, communities). */
  targets(): { indicator: string; regionId: string; target: number }[] {
    const { target, macroTarget } = this.world.stationTargets();
    return [
      ...[...target].map(([regionId, t]) => ({ indicator: '5g.built', regionId, target: t })),
      ...[...macroTarget].map(([regionId, t]) => ({ indicator: '5g.macroBuilt', regionId, target: t })),
    ];
  }

  readiness(): { indicator: string; regionId: string; value: number; asOf: string }[] {
    const r = readinessJson as { asOf: string; streets: Record<string, { readiness: number }> };
    return Object.entries(r.streets).map(([regionId, v]) => ({
      indicator: 'subcenter.readiness',
      regionId,
      value: v.readiness,
      asOf: r.asOf,
    }));
  }

  /**
   * The events of the days before `now` (the mock's three by default), worked through by the
   * mock's simulator.
   */
  events(now: number, historyDays?: number): IocEvent[] {
    const api = createApi({
      seed: this.seed,
      tickMs: 0,
      clock: { now: () => now },
      ...(historyDays !== undefined && historyDays > 3 ? { historyDays } : {}),
    });
    const out = [...api.store.values()];
    api.close();
    // Oldest update first: the order they enter the stream's log.
    return out.sort((a, b) =>
      a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : 1,
    );
  }

  tokens(): TokenRow[] {
    return demoTokens().map(([token, d]) => ({
      token,
      role: d.scope,
      regionId: tokenRegion(d, this.regions.district.id),
    }));
  }
}
