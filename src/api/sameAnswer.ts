/**
 * A large answer that is, byte for byte, the last one to the same request yields the value
 * it yielded then, the same object: a layer refreshed every few minutes is then neither
 * parsed nor validated again, and nothing downstream (structural sharing, the CRS
 * conversion, deck.gl) sees a change. Hashing 8 MB of text costs a few tens of
 * milliseconds; parsing and checking a 200,000-vertex polygon again cost hundreds, and as
 * much again in garbage. An answer parsed off the page's thread (src/api/geometryWorker.ts)
 * is hashed there too: the page tells it the hash it remembers.
 */

/** Answers smaller than this are cheap to parse: not remembered. */
const MIN_CHARS = 256 * 1024;
/** Requests remembered (one per layer on, in practice). */
const KEEP = 16;

interface Answer {
  hash: string;
  schema: unknown;
  value: unknown;
}

const answers = new Map<string, Answer>();

/** Two FNV-1a lanes over the text's code units. */
function hashOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${text.length}:${a >>> 0}:${b >>> 0}`;
}

/** The value this very text gave for this request and schema last time; else a key to remember it by. */
export function lastAnswer(url: string, schema: unknown, text: string): { value: unknown } | string | null {
  if (text.length < MIN_CHARS) return null;
  const hash = hashOf(text);
  const hit = answers.get(url);
  if (hit && hit.hash === hash && hit.schema === schema) return { value: hit.value };
  return hash;
}

/** The answer remembered for this request and schema, by its hash; null when none is. */
export function remembered(url: string, schema: unknown): { hash: string; value: unknown } | null {
  const hit = answers.get(url);
  return hit && hit.schema === schema ? { hash: hit.hash, value: hit.value } : null;
}

export function remember(url: string, schema: unknown, hash: string, value: unknown): void {
  answers.delete(url);
  answers.set(url, { hash, schema, value });
  if (answers.size > KEEP) answers.delete(answers.keys().next().value as string);
}
