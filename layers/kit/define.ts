/**
 * What a thematic layer is: serialisable metadata plus pure functions from (data, style
 * state) to deck.gl layers. A layer file in layers/ exports one of these as default and
 * nothing else in the app lists layers. Layers import only this kit, the API contract,
 * deck.gl and zod; never the app (src/) or its stores.
 */
import type { Layer } from '@deck.gl/core';
import type { z } from 'zod';
import type { Crs, Feature, Geometry, GeometryType, IocEvent, RegionProps } from '@ioc/contract/contract';
import type { EventPoints } from './eventPoints';

export { isOpenStatus, OPEN_STATUSES } from '@ioc/contract/rules';

export type Locale = 'zh-CN' | 'en';
export type Theme = 'dark' | 'light';
/** UI text carried by a layer file itself, so adding a layer touches no message file. */
export type Text = Record<Locale, string>;
export type RGBA = [number, number, number, number];

export type LayerSource =
  /** GET /layers/{id}/features (the default), validated with `schema`. */
  | { kind: 'features'; schema: z.ZodType; endpoint?: string }
  /** GET /regions for these levels. */
  | { kind: 'regions'; levels: ('district' | 'street' | 'community')[] }
  /** The live event stream the app already holds. */
  | { kind: 'events' }
  /**
   * Features the browser holds (a file the user added), in `crs`; `load` hands back what
   * passed `schema` on the way in (see src/catalog/userLayers/).
   */
  | { kind: 'local'; schema: z.ZodType; crs: Crs; load(): Promise<unknown[]> };

export interface FieldSpec {
  key: string;
  label: Text;
  unit?: Text;
  /** Labels for enum values, keyed by the raw value. */
  values?: Record<string, Text>;
}

export interface FilterSpec {
  /** A property key; the filter keeps features whose value is one of those chosen. */
  key: string;
  label: Text;
  options: { value: string; label: Text }[];
}

/** Property key → the values kept: a catalog filter, or the part of a layer a role means. */
export type Where = Record<string, string[]>;

/** How a layer's features inside an emergency ring add up to one column of the ring table. */
export type RingMeasure =
  | { kind: 'count' }
  | { kind: 'sum'; field: string }
  /** Areas whose `population` is spread evenly over `areaKm2`: each ring gets its share by area. */
  | { kind: 'residents'; population: string; areaKm2: string };

export interface RingRole {
  /** The column's key: unique among all layers' ring columns. */
  key: string;
  label: Text;
  measure: RingMeasure;
  /** Only these features count (e.g. hospitals of the medical layer, open events). */
  where?: Where;
  /** Columns are shown left to right by rank. */
  rank: number;
}

export type NearbyRole = {
  key: string;
  label: Text;
  where?: Where;
  rank: number;
} & (
  | /** How many features lie within `radiusM` of the event, and the sum of one field. */
  { kind: 'within'; radiusM: number; sum?: { field: string; unit: Text } }
  /** The nearest feature, by name and distance. */
  | { kind: 'nearest' }
);

/**
 * What a layer takes part in beyond being drawn: the app asks for roles, never for layer
 * ids, so a new layer file joins rings, nearby, coverage or the drawer by declaring them.
 */
export interface Roles {
  /** What a click on one of its features means: open it in the drawer (default), scope the app to the region, or select the event. */
  click?: 'feature' | 'scope' | 'event';
  /** Columns of the emergency rings' table. */
  rings?: RingRole[];
  /** What the event detail lists as near an event. */
  nearby?: NearbyRole[];
  /** Service sites for the planner's coverage analysis: each serves residents within `radiusM`. */
  sites?: { radiusM: number; existing: Where; planned?: Where };
  /** Health facilities for the planner's allocation per resident: the fields that count beds and doctors. */
  healthcare?: { beds: string; doctors: string };
  /** Sites being built, for the planner's build-out tab: the field naming what holds a site up. */
  buildOut?: { cause: string };
}

export interface LegendItem {
  label: Text;
  color: RGBA;
  shape: 'circle' | 'ring' | 'square' | 'line' | 'hexagon';
  /** Drawn only from this zoom on / below this zoom: a legend over the map lists what it shows. */
  minZoom?: number;
  maxZoom?: number;
}

export interface LayerFeature<P = Record<string, unknown>> {
  type: 'Feature';
  geometry: Geometry;
  properties: P & { id: string; name: string };
  /**
   * How many features this one stands for: a vector tile thins dense points at low zoom and
   * each kept point carries the count of those it replaced. Absent means one. Aggregating
   * layers weigh by it so densities stay true.
   */
  weight?: number;
}

export interface BuildContext<P = Record<string, unknown>> {
  /** Features in the basemap's CRS, already narrowed to the scope and the active filters. */
  features: LayerFeature<P>[];
  /** For source kind 'events'. */
  events: IocEvent[];
  /**
   * For source kind 'events', where the host keeps them across stream flushes: the same
   * events as binary buffers changed one event at a time (then `events` may be empty).
   */
  live?: EventPoints;
  /** For source kind 'regions', by level. */
  regions: Partial<Record<'district' | 'street' | 'community', Feature<RegionProps>[]>>;
  theme: Theme;
  locale: Locale;
  /** 0..1 from the catalog's slider. */
  opacity: number;
  zoom: number;
  /** The scoped region id, null for the whole district. */
  scopeId: string | null;
  /** Id of the selected feature or event, to highlight. */
  selectedId: string | null;
  /** ms since epoch; for animations such as new-event pulses. */
  now: number;
  /**
   * The moment the map shows (ms since epoch): `now` while live, the replayed moment in a
   * replay. What depends on the time of the picture (what settled in the last hour) reads it.
   */
  at: number;
}

export interface KpiValue {
  label: Text;
  value: number;
  unit?: Text;
}

export interface LayerDefinition<P = Record<string, unknown>> {
  /** Equals the file name without `.layer.ts`; deck.gl layer ids start with it (and are unique). */
  id: string;
  title: Text;
  group: Text;
  /** Draw order when first turned on: higher draws above. */
  order: number;
  defaultVisible: boolean;
  geometry: GeometryType;
  source: LayerSource;
  fields: FieldSpec[];
  filters: FilterSpec[];
  legend(theme: Theme): LegendItem[];
  buildLayers(ctx: BuildContext<P>): Layer[];
  /** One line for the hover tooltip. */
  tooltip(feature: LayerFeature<P>, locale: Locale): string;
  /** Figures this layer contributes about what is shown (pure function of the filtered rows). */
  kpis?(features: LayerFeature<P>[]): KpiValue[];
  /** True while the layer has something moving (a pulse) and wants frequent redraws. */
  animating?(ctx: BuildContext<P>): boolean;
  roles?: Roles;
}

export function defineLayer<P>(def: LayerDefinition<P>): LayerDefinition<P> {
  return def;
}

export function text(locale: Locale, t: Text): string {
  return t[locale] ?? t['zh-CN'];
}

/** A field's value as a user reads it: enum label, number with unit. */
export function formatField(spec: FieldSpec, value: unknown, locale: Locale): string {
  if (value === undefined || value === null || value === '') return '—';
  if (spec.values && typeof value === 'string' && spec.values[value]) return text(locale, spec.values[value]);
  if (typeof value === 'boolean') return locale === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
  const shown = typeof value === 'number' ? value.toLocaleString(locale) : String(value);
  return spec.unit ? `${shown} ${text(locale, spec.unit)}` : shown;
}

type Labelled = Text | { label: Text };
const labelOf = (v: Labelled): Text => ('label' in v ? v.label : (v as Text));

/** Value labels for a field, from a map of value → label (or value → { label, … }). */
export function valueLabels(map: Record<string, Labelled>): Record<string, Text> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, labelOf(v)]));
}

/** Filter options from the same kind of map, in its order. */
export function filterOptions(map: Record<string, Labelled>): FilterSpec['options'] {
  return Object.entries(map).map(([value, v]) => ({ value, label: labelOf(v) }));
}

/** The measure word Chinese puts after a count; English needs none. */
export const COUNT: Text = { 'zh-CN': '个', en: '' };
