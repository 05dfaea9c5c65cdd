/** Rewrites of a real JSON answer into a hostile one (pure functions, unit-tested). */

/** Set by any injected markup that manages to run: the suite checks it stays undefined. */
export const PWNED_FLAG = '__hostilePwned';

export const HOSTILE_MARKUP = [
  `<img src=x onerror="window.${PWNED_FLAG}='img'">`,
  `<script>window.${PWNED_FLAG}='script'</script>`,
  `<svg onload="window.${PWNED_FLAG}='svg'"></svg>`,
  `<a href="javascript:window.${PWNED_FLAG}='href'">link</a>`,
  '{{constructor.constructor("alert(1)")()}}',
].join('');

/** Very long text: enough to overflow any panel that does not wrap or clip. */
export const LONG_TEXT = '很长的文本'.repeat(300);

export const CJK = /[\u3400-\u9fff]/u;

/** Applies `f` to every leaf of a JSON value, with the key it sits under. */
export function map(
  value: unknown,
  f: (v: unknown, key: string | null) => unknown,
  key: string | null,
): unknown {
  if (Array.isArray(value)) return value.map((v) => map(v, f, key));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = map(v, f, k);
    return out;
  }
  return f(value, key);
}

/**
 * Every free-text string (one with a Chinese character: ids, enums and timestamps are
 * ASCII, so they stay valid) gets markup and a very long tail.
 */
export function hostileText(value: unknown): unknown {
  return map(
    value,
    (v) => (typeof v === 'string' && CJK.test(v) ? `${v}${HOSTILE_MARKUP}${LONG_TEXT}` : v),
    null,
  );
}

/** Numbers become strings and booleans numbers: every typed field breaks the contract. */
export function wrongTypes(value: unknown): unknown {
  return map(
    value,
    (v) => (typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v),
    null,
  );
}

type Geometry = { type: string; coordinates: unknown } | null;

/** Breaks five features in six, one way each; the sixth stays as it was. */
const BREAKERS: ((g: Geometry) => Geometry)[] = [
  (g) => g,
  (g) => (g ? { ...g, coordinates: map(g.coordinates, () => 'NaN', null) } : g),
  () => null,
  (g) =>
    g
      ? {
          ...g,
          coordinates: swap(g.coordinates),
        }
      : g,
  (g) =>
    g ? { ...g, coordinates: map(g.coordinates, (v) => (typeof v === 'number' ? v * 1000 : v), null) } : g,
  (g) => (g ? { type: 'Hexagon', coordinates: g.coordinates } : g),
];

/** [lng, lat] → [lat, lng] at every position. */
function swap(c: unknown): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return [c[1], c[0], ...c.slice(2)];
  if (Array.isArray(c)) return c.map(swap);
  return c;
}

export function badCoordinates(value: unknown): unknown {
  const fc = value as { features?: { geometry: Geometry }[] };
  if (!Array.isArray(fc?.features)) return value;
  return {
    ...fc,
    features: fc.features.map((f, i) => ({ ...f, geometry: BREAKERS[i % BREAKERS.length]!(f.geometry) })),
  };
}

/**
 * A feature collection of about `bytes` from a real one: its features repeated (with new
 * ids) until the size is reached. The JSON is built as text, never as one huge object.
 */
export function huge(realText: string, bytes: number): string {
  const fc = JSON.parse(realText) as { features?: { id?: unknown; properties?: Record<string, unknown> }[] };
  const features = fc.features ?? [];
  if (features.length === 0) return realText;
  const head = realText.slice(0, realText.indexOf('"features"'));
  const parts: string[] = [];
  let size = head.length + 20;
  for (let i = 0; size < bytes; i++) {
    const f = features[i % features.length]!;
    const copy = { ...f, id: `${String(f.id ?? 'f')}-x${i}` };
    const text = JSON.stringify(copy);
    parts.push(text);
    size += text.length + 1;
  }
  return `${head}"features":[${parts.join(',')}]}`;
}
