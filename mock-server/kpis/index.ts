/** GET /kpis: layer indicators (static, cached) followed by event indicators (live). */
import type { Indicator, IocEvent, KpiResponse } from '@ioc/contract/contract';
import { eventAsOf } from '@ioc/domain/events/asof';
import type { EventStore } from '../events/store';
import type { Region } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import type { World } from '../world';
import { eventIndicators } from './event-kpis';
import { LayerKpis } from './layer-kpis';

export class Kpis {
  private readonly layers: LayerKpis;

  constructor(
    world: World,
    private readonly store: EventStore,
  ) {
    this.layers = new LayerKpis(world);
  }

  forRegion(region: Region, now: number): KpiResponse {
    return {
      asOf: formatIso(now),
      indicators: [...this.layers.forRegion(region), ...eventIndicators(region, this.store.values(), now)],
    };
  }

  /**
   * As of `at`: event figures from the events as they were then; layer figures have no
   * history, so they are today's and say so (asOf: now).
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
        ...this.layers.forRegion(region).map(stamp(formatIso(now))),
        ...eventIndicators(region, then, at).map(stamp(formatIso(at))),
      ],
    };
  }
}
