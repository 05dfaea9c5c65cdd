/**
 * What a thematic layer is: serialisable metadata plus pure functions from (data, style
 * state) to deck.gl layers. A layer file in layers/ exports one of these as default and
 * nothing else in the app lists layers. Layers import only this kit, the API contract,
 * deck.gl and zod; never the app (src/) or its stores.
 */
import type { Layer } from '@deck.gl/core';
import type { z } from 'zod';
import type { Feature, Geometry, GeometryType, IocEvent, RegionProps } from '../../src/api/contract';

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
  | { kind: 'events' };

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

export interface LegendItem {
  label: Text;
  color: RGBA;
  shape: 'circle' | 'ring' | 'square' | 'line' | 'hexagon';
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
}

export interface KpiValue {
  label: Text;
  value: number;
  unit?: Text;
}

export interface LayerDefinition<P = Record<string, unknown>> {
  /** Equals the file name without `.layer.ts`; deck.gl layer ids start with it. */
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
