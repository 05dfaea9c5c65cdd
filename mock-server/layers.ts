/** The six thematic layers: ids, geometry and which generator makes each. */
import type { Feature, GeometryType } from '@ioc/contract/contract';
import { type GenContext, scaled } from './generators/common';
import { DEMOLITION_FIGURES, generateDemolition } from './generators/demolition';
import { generateKindergartens, KINDERGARTEN_FIGURES } from './generators/kindergartens';
import { generateKiosks, KIOSK_FIGURES } from './generators/kiosks';
import { generateMedical, MEDICAL_FIGURES } from './generators/medical';
import { generateStations, STATION_FIGURES } from './generators/stations';
import { generateUrbanVillages, URBAN_VILLAGE_FIGURES } from './generators/urban-villages';

export const LAYER_IDS = [
  '5g-stations',
  'kiosks',
  'kindergarten-cameras',
  'demolition',
  'medical',
  'urban-villages',
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export function isLayerId(id: string): id is LayerId {
  return (LAYER_IDS as readonly string[]).includes(id);
}

/** Properties every generated feature has; layer-specific ones are read by key. */
export type AnyProps = { id: string; name: string; regionId: string } & Record<string, unknown>;

export const LAYER_GEOMETRY: Record<LayerId, GeometryType> = {
  '5g-stations': 'Point',
  kiosks: 'Point',
  'kindergarten-cameras': 'Point',
  demolition: 'Polygon',
  medical: 'Point',
  'urban-villages': 'Polygon',
};

export const LAYER_GENERATORS: Record<LayerId, (ctx: GenContext) => Feature<AnyProps>[]> = {
  '5g-stations': generateStations as (ctx: GenContext) => Feature<AnyProps>[],
  kiosks: generateKiosks as (ctx: GenContext) => Feature<AnyProps>[],
  'kindergarten-cameras': generateKindergartens as (ctx: GenContext) => Feature<AnyProps>[],
  demolition: generateDemolition as (ctx: GenContext) => Feature<AnyProps>[],
  medical: generateMedical as (ctx: GenContext) => Feature<AnyProps>[],
  'urban-villages': generateUrbanVillages as (ctx: GenContext) => Feature<AnyProps>[],
};

/**
 * How many features a generator makes at a scale, without running it (the catalog lists
 * counts before a stress-sized layer is ever generated). Same rounding as the generators.
 */
export function expectedCount(id: LayerId, scale: number): number {
  const sum = (figures: Record<string, number>) =>
    Object.values(figures).reduce((a, n) => a + scaled(n, scale), 0);
  switch (id) {
    case '5g-stations':
      return scaled(STATION_FIGURES.built, scale);
    case 'kiosks':
      return sum(KIOSK_FIGURES);
    case 'kindergarten-cameras':
      return sum(KINDERGARTEN_FIGURES);
    case 'demolition':
      return sum(DEMOLITION_FIGURES);
    case 'medical':
      return sum(MEDICAL_FIGURES);
    case 'urban-villages':
      return scaled(URBAN_VILLAGE_FIGURES.villages, scale);
  }
}
