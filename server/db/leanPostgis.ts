/**
 * PostGIS for the embedded database without what the server never uses. PGlite unpacks an
 * extension's whole bundle into its in-memory file system and compiles every library in it
 * at start: the PostGIS bundle carries raster and topology (two more libraries as large as
 * PostGIS itself), the Tiger geocoder and scripts for manual installs and pre-extension
 * upgrades. Loading all of it held about 300 MB more in the server process and took about
 * 1.5 s more at each start (measured at a million stations: 919 → 617 MB once open).
 *
 * This is the same extension with a smaller bundle: the package's own archive with those
 * entries left out, written once beside the database (named by the archive's size and
 * time and by this filter's version, so an upgraded package or a changed filter is filtered
 * again) and handed to PGlite instead.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

/** Entries the server does not need: other extensions of the bundle and manual-install scripts. */
const UNUSED =
  /raster|topology|tiger|sfcgal|address_standardizer|--unpackaged|^share\/postgresql\/contrib\//u;

/** Part of the lean bundle's name: a change to UNUSED writes the bundle again. */
const FILTER_VERSION = 2;

const BLOCK = 512;

const text = (b: Uint8Array) => {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
};

/**
 * The tar archive without the entries whose name `drop` accepts. Headers and data are copied
 * as they are; a GNU long name or a pax header travels with the entry it describes.
 */
export function filterTar(tar: Uint8Array, drop: (name: string) => boolean): Uint8Array {
  const kept: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
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
    if (type === 'g' || !drop(name.replace(/^\.\//u, ''))) kept.push(...pending, entry);
    pending = [];
    longName = undefined;
  }
  kept.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(kept.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of kept) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The lean bundle in `dir`, written from the package's bundle when missing. */
function leanBundle(full: URL, dir: string): URL {
  const source = fileURLToPath(full);
  const { size, mtimeMs } = statSync(source);
  const name = `postgis-lean${FILTER_VERSION}-${size}-${Math.round(mtimeMs)}.tar.gz`;
  const file = join(dir, name);
  if (!existsSync(file)) {
    const tar = filterTar(gunzipSync(readFileSync(source)), (entry) => UNUSED.test(entry));
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, gzipSync(tar, { level: 1 }));
    renameSync(temp, file);
    // Bundles of an older package or filter are of no further use.
    for (const old of readdirSync(dir))
      if (/^postgis-lean.*\.tar\.gz$/u.test(old) && old !== name) rmSync(join(dir, old), { force: true });
  }
  return pathToFileURL(file);
}

/** PostGIS as PGlite's extension, its bundle filtered into `dir` (the data folder). */
export function leanPostgis(dir: string): Extension {
  return {
    name: postgis.name,
    async setup(pg, emscriptenOpts) {
      const done = await postgis.setup(pg, emscriptenOpts);
      const full = done.bundlePath;
      if (full?.protocol !== 'file:') return done;
      return { ...done, bundlePath: leanBundle(full, dir) };
    },
  };
}
