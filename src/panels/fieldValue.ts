/**
 * A property's value as a user reads it in the drawer, whatever the API sent: numbers with
 * units and enum labels (the layer's `formatField`), objects and arrays as key/value text
 * (never "[object Object]"), everything bounded.
 */
import { type FieldSpec, formatField, type Locale } from '../../layers/kit/define';
import { clip, LABEL_MAX } from '../api/clip';

/** Entries of an object or items of an array shown before "…". */
const MAX_ENTRIES = 8;
const MAX_DEPTH = 2;
const VALUE_MAX = 300;

function nested(value: unknown, locale: Locale, depth: number): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value !== 'object') return clip(String(value), LABEL_MAX);
  if (depth >= MAX_DEPTH) return '…';
  const zh = locale === 'zh-CN';
  const parts = Array.isArray(value)
    ? value.slice(0, MAX_ENTRIES).map((v) => nested(v, locale, depth + 1))
    : Object.entries(value)
        .slice(0, MAX_ENTRIES)
        .map(([k, v]) => `${clip(k, 30)}${zh ? '：' : ': '}${nested(v, locale, depth + 1)}`);
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (size > MAX_ENTRIES) parts.push('…');
  const text = parts.join(Array.isArray(value) ? (zh ? '、' : ', ') : zh ? '；' : '; ');
  return depth === 0 ? text : `(${text})`;
}

export function fieldValue(spec: FieldSpec, value: unknown, locale: Locale): string {
  const text =
    typeof value === 'object' && value !== null ? nested(value, locale, 0) : formatField(spec, value, locale);
  return clip(text, VALUE_MAX);
}
