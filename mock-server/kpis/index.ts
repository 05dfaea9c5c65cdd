/** GET /kpis: layer indicators (static, cached) followed by event indicators (live). */
import type { KpiResponse } from '@ioc/contract/contract';
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
}
