/**
 * The catalog's fields of an imported layer (LayerField: key, label, type, values), inferred
 * from its features as GET /layers describes the built-in layers: `name` and `regionId`
 * first, then the file's own columns in their order. A column of text or whole numbers with
 * few distinct values is an `enum` (the app offers it as a filter, the API accepts it as
 * one); numbers are `integer` or `number`; text that is all ISO-8601 times is `datetime`.
 */
import type { UserFeature as LayerFeature } from '@ioc/domain/gis/prepare';
import { COMMON_FIELDS } from '@ioc/domain/layerFacts';
import { parseIso } from '@ioc/domain/time';
import type { LayerField } from '@ioc/contract/contract';

/** As the app's own layers from files: more distinct values than this make no filter. */
export const ENUM_MAX_VALUES = 12;

interface Seen {
  types: Set<string>;
  values: Set<string>;
  integers: boolean;
  times: boolean;
}

export function catalogFields(features: LayerFeature[]): LayerField[] {
  const seen = new Map<string, Seen>();
  for (const f of features) {
    for (const [key, v] of Object.entries(f.properties)) {
      if (key === 'id' || key === 'name' || key === 'regionId' || v === null || v === undefined) continue;
      let s = seen.get(key);
      if (!s) {
        s = { types: new Set(), values: new Set(), integers: true, times: true };
        seen.set(key, s);
      }
      s.types.add(typeof v);
      if (s.values.size <= ENUM_MAX_VALUES) s.values.add(String(v));
      if (typeof v === 'number' && !Number.isInteger(v)) s.integers = false;
      if (typeof v !== 'string' || !v.includes('T') || Number.isNaN(parseIso(v))) s.times = false;
    }
  }
  const fields: LayerField[] = [...COMMON_FIELDS];
  for (const [key, s] of seen) {
    const type = s.types.size === 1 ? [...s.types][0] : 'string';
    const few = s.values.size <= ENUM_MAX_VALUES && s.values.size < features.length;
    if (type === 'boolean') fields.push({ key, label: key, type: 'boolean' });
    else if (type === 'string' && s.times) fields.push({ key, label: key, type: 'datetime' });
    else if (few && (type === 'string' || (type === 'number' && s.integers)))
      fields.push({ key, label: key, type: 'enum', values: [...s.values].sort(byValue) });
    else if (type === 'number') fields.push({ key, label: key, type: s.integers ? 'integer' : 'number' });
    else fields.push({ key, label: key, type: 'string' });
  }
  return fields;
}

/** Numbers by value (2 before 10), text by code point. */
function byValue(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}
