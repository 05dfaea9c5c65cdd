/** The demo district's geography (data/regions.json, built by scripts/build-geodata.mjs). */
import { RegionIndex, type RegionsFile } from '@ioc/domain/regions';
import regionsJson from './data/regions.json';

let defaultIndex: RegionIndex | undefined;

/** The bundled regions (built once per process and shared by every api instance). */
export function defaultRegions(): RegionIndex {
  defaultIndex ??= new RegionIndex(regionsJson as unknown as RegionsFile);
  return defaultIndex;
}
