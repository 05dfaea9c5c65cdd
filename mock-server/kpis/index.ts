/** GET /kpis: layer indicators (static, cached) followed by event indicators (live). */
import type { Indicator, IocEvent, KpiResponse } from '@ioc/contract/contract';
import { eventAsOf } from '@ioc/domain/events/asof';
import type { EventStore } from '../events/store';
import type { Region } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import type { World } from '../world';
import { eventIndicators } from './event-kpis';
import { LayerKpis } from './layer-kpis';
import { demolitionIndicators } from './service-kpis';
import { VERSIONED_INDICATORS } from '@ioc/domain/layerFacts';
import type { LayerHistory } from '../history';
import type { LayerId } from '../layers';

export class Kpis {
  private readonly layers: LayerKpis;

  /** Layer figures of kept versions, by valid-from (a version never changes). */
  private readonly kept = new Map<number, LayerKpis>();

  constructor(
    world: World,
    private readonly store: EventStore,
    private readonly history?: LayerHistory,
  ) {
    this.layers = new LayerKpis(world);
  }

  /**
   * Layer indicators as of `at`, as the server counts them (server/kpis/index.ts): those of a
   * layer in VERSIONED_INDICATORS whose version answers for `at` are of that version and of
   * `at`; the rest are today's (asOf: now).
   */
  private layersAt(region: Region, now: number, at: number): Indicator[] {
    const current = this.layers.forRegion(region);
    const then = new Map<string, Indicator>();
    const followed: string[] = [];
    for (const [layer, prefix] of Object.entries(VERSIONED_INDICATORS)) {
      const v = this.history?.versionAt(layer as LayerId, at);
      if (!v || layer !== 'demolition') continue;
      followed.push(prefix);
      if (v.validTo === null) continue;
      let kpis = this.kept.get(v.validFrom);
      if (!kpis) {
        kpis = new LayerKpis(v.world);
        this.kept.set(v.validFrom, kpis);
      }
      for (const i of demolitionIndicators(kpis, region)) then.set(i.id, i);
    }
    return current.map((i) => ({
      ...(then.get(i.id) ?? i),
      asOf: formatIso(followed.some((p) => i.id.startsWith(p)) ? at : now),
    }));
  }

  forRegion(region: Region, now: number): KpiResponse {
    return {
      asOf: formatIso(now),
      indicators: [...this.layers.forRegion(region), ...eventIndicators(region, this.store.values(), now)],
    };
  }

  /**
   * As of `at`: event figures from the events as they were then; layer figures of a layer
   * that kept its versions from its version then, the others today's and saying so (asOf: now).
   */
  forRegionAt(region: Region, now: number, at: number): KpiResponse {
    const then: IocEvent[] = [];
    for (const ev of this.store.values()) {
      const e = eventAsOf(this.store.regions, ev, at);
      if (e) then.push(e);
    }
    const stamp = (iso: string) => (i: Indicator) => ({ ...i, asOf: iso });
    return {
      asOf: formatIso(at),
      indicators: [
        ...this.layersAt(region, now, at),
        ...eventIndicators(region, then, at).map(stamp(formatIso(at))),
      ],
    };
  }
}
