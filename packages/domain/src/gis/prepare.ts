/**
 * A file's features through the contract's validation (its geometry rules: finite, in
 * range, well-formed rings): each feature on its own, a broken one skipped and counted with
 * its row. Then what the catalog needs to offer the layer: its main geometry type and its
 * fields (with their values, where few enough to filter by). The browser passes its own
 * check (src/api/features.ts), which takes a fast path for heavy geometries; the server's
 * import uses the contract's schema as it is.
 */
import { featureOf, type Geometry, type GeometryType } from '@ioc/contract/contract';
import type { z } from 'zod';
import { FileError, type SkippedRow } from './problems';
import type { ReadResult } from './read';
import { UserProps } from './schema';

export interface UserField {
  key: string;
  type: 'number' | 'string' | 'boolean';
  /** The distinct values, when there are few enough to filter by. */
  values?: string[];
}

/** A user's feature: an id, a name and flat values. */
export interface UserFeature {
  type: 'Feature';
  geometry: Geometry;
  properties: Record<string, unknown> & { id: string; name: string };
}

/** Checks features one by one; a broken one is reported by its index and left out. */
export type ParseFeatures = (
  raw: readonly unknown[],
  schema: z.ZodType,
  onSkip: (index: number, error: z.ZodError) => void,
) => { features: UserFeature[] };

/** The contract's feature schema, feature by feature. */
export const parseByContract: ParseFeatures = (raw, schema, onSkip) => {
  const feature = featureOf(schema);
  const features: UserFeature[] = [];
  raw.forEach((f, i) => {
    const r = feature.safeParse(f);
    if (r.success) features.push(r.data as UserFeature);
    else onSkip(i, r.error);
  });
  return { features };
};

export interface Prepared {
  features: UserFeature[];
  skipped: SkippedRow[];
  fields: UserField[];
  geometry: GeometryType;
}

/** A field with more distinct values than this is not offered as a filter. */
const FILTER_VALUES = 12;
const NAME_KEYS = ['name', 'Name', 'NAME', '名称', 'title', '标题'];
const ID_KEYS = ['id', 'ID', 'Id', 'fid', 'FID', '编号'];

function flat(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** The contract's points are [lng, lat]; GPS and KML files often add a height. */
function flatPoints(g: unknown): unknown {
  const geom = g as { type?: string; coordinates?: unknown } | null;
  if (geom?.type === 'Point' && Array.isArray(geom.coordinates))
    return { ...geom, coordinates: geom.coordinates.slice(0, 2) };
  if (geom?.type === 'MultiPoint' && Array.isArray(geom.coordinates))
    return { ...geom, coordinates: geom.coordinates.map((p) => (Array.isArray(p) ? p.slice(0, 2) : p)) };
  return g;
}

function normalise(raw: unknown, row: number, title: string): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const f = raw as { properties?: unknown; id?: unknown; geometry?: unknown };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((f.properties as Record<string, unknown> | null) ?? {}))
    props[k] = flat(v);
  const id = ID_KEYS.map((k) => props[k]).find((v) => v !== null && v !== undefined) ?? f.id ?? row;
  const name = NAME_KEYS.map((k) => props[k]).find((v) => typeof v === 'string' && v !== '');
  return {
    ...f,
    geometry: flatPoints(f.geometry),
    properties: { ...props, id: String(id), name: name ?? `${title} ${row}` },
  };
}

function fieldsOf(features: UserFeature[]): UserField[] {
  const seen = new Map<string, { types: Set<string>; values: Set<string> }>();
  for (const f of features)
    for (const [key, v] of Object.entries(f.properties)) {
      if (key === 'id' || key === 'name' || v === null) continue;
      const s = seen.get(key) ?? { types: new Set(), values: new Set() };
      s.types.add(typeof v);
      if (s.values.size <= FILTER_VALUES) s.values.add(String(v));
      seen.set(key, s);
    }
  return [...seen].map(([key, s]) => {
    const type = s.types.size === 1 ? ([...s.types][0] as UserField['type']) : 'string';
    const few = s.values.size <= FILTER_VALUES && s.values.size < features.length;
    return few ? { key, type, values: [...s.values].sort() } : { key, type };
  });
}

function geometryOf(features: UserFeature[]): GeometryType {
  const n = { Point: 0, LineString: 0, Polygon: 0 };
  for (const f of features) n[f.geometry.type.replace('Multi', '') as GeometryType]++;
  return (Object.entries(n).sort((a, b) => b[1] - a[1])[0]![0] as GeometryType) ?? 'Point';
}

export function prepare(read: ReadResult, title: string, parseFeatures = parseByContract): Prepared {
  if (read.rows.length === 0 && read.skipped.length === 0) throw new FileError({ code: 'empty' });
  const skipped = [...read.skipped];
  const raw = read.rows.map((r) => normalise(r.feature, r.row, title));
  const { features } = parseFeatures(raw, UserProps, (i, error) => {
    const path = error.issues[0]?.path[0];
    skipped.push({ row: read.rows[i]!.row, reason: path === 'properties' ? 'fields' : 'geometry' });
  });
  skipped.sort((a, b) => a.row - b.row);
  if (features.length === 0)
    throw new FileError({ code: 'noneValid', row: skipped[0]?.row, reason: skipped[0]?.reason });
  return { features, skipped, fields: fieldsOf(features), geometry: geometryOf(features) };
}
