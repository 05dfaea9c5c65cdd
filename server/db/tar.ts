/**
 * Just enough of the tar format for PGlite's extension bundles (ustar with GNU long names or
 * pax paths): the server filters the PostGIS bundle and unpacks it into PGlite's file system
 * itself, without a dependency for two loops.
 */
const BLOCK = 512;

const text = (b: Uint8Array) => {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
};

export interface TarEntry {
  /** The path without a leading `./`. */
  name: string;
  /** The type flag: '0' (or '') a file, '5' a folder, 'g' a global pax header. */
  type: string;
  /** The contents, a view into the archive. */
  data: Uint8Array;
  /** The entry's bytes as stored, with the long-name or pax header that described it. */
  raw: Uint8Array[];
}

export function* tarEntries(tar: Uint8Array): Generator<TarEntry> {
  let pending: Uint8Array[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return;
    const size = Number.parseInt(text(header.subarray(124, 136)).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const entry = tar.subarray(at, end);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at = end;
    if (type === 'L' || type === 'x') {
      if (type === 'L') longName = text(data);
      else {
        const path = /(?:^|\n)\d+ path=([^\n]*)\n/u.exec(new TextDecoder().decode(data));
        if (path) longName = path[1];
      }
      pending.push(entry);
      continue;
    }
    const prefix = text(header.subarray(345, 500));
    const name =
      longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    yield { name: name.replace(/^\.\//u, ''), type, data, raw: [...pending, entry] };
    pending = [];
    longName = undefined;
  }
}

/**
 * The archive without the entries whose name `drop` accepts. Headers and data are copied as
 * they are; a GNU long name or a pax header travels with the entry it describes.
 */
export function filterTar(tar: Uint8Array, drop: (name: string) => boolean): Uint8Array {
  const kept: Uint8Array[] = [];
  for (const e of tarEntries(tar)) if (e.type === 'g' || !drop(e.name)) kept.push(...e.raw);
  kept.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(kept.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of kept) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
