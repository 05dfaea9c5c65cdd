/** The view of the world that layer indicators are computed from, and small aggregates. */
import type { Feature } from '@ioc/contract/contract';
import type { AnyProps, LayerId } from '../layers';
import type { Region } from '@ioc/domain/regions';
import type { World } from '../world';

/** What layer indicators read: a region's features, the world, and population coverage. */
export interface LayerSource {
  world: World;
  features(id: LayerId, region: Region): Feature<AnyProps>[];
  /** % of the region's population within a 15-minute walk of a kiosk (existing, or all incl. planned). */
  coverage(kind: 'existing' | 'all', region: Region): number;
}

export type Props = AnyProps;
export const count = (fs: Feature<Props>[], keep?: (p: Props) => boolean) =>
  keep ? fs.reduce((n, f) => n + (keep(f.properties) ? 1 : 0), 0) : fs.length;
export const sum = (fs: Feature<Props>[], key: string, keep?: (p: Props) => boolean) =>
  fs.reduce((n, f) => n + (!keep || keep(f.properties) ? Number(f.properties[key] ?? 0) : 0), 0);
