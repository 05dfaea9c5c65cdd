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
 * again).
 *
 * The server also unpacks it itself. PGlite reads a bundle through a gunzip stream into a
 * Blob, which it keeps, in thousands of 16 KB pieces: freed or not, they stay in the
 * process's heap (glibc gives back only its top), about 90 MB that the server held for as
 * long as it ran. One gunzip into one buffer, released once unpacked, leaves none.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { filterTar, tarEntries } from './tar';

/**
 * Entries the server does not need: other extensions of the bundle, manual-install scripts,
 * and the scripts that update the extension in place (`postgis--<from>--<to>.sql`, 8 MB):
 * the server installs PostGIS at its packaged version and never runs `ALTER EXTENSION …
 * UPDATE`; a migration that does must keep them.
 */
const UNUSED =
  /raster|topology|tiger|sfcgal|address_standardizer|--unpackaged|^share\/postgresql\/contrib\/|\/postgis--[^/]*--[^/]*\.sql$/u;

/** Part of the lean bundle's name: a change to UNUSED writes the bundle again. */
const FILTER_VERSION = 3;

/**
 * A gzip file's contents in one buffer. zlib otherwise writes 16 KB pieces and joins them,
 * thousands of small allocations that stay in the process's heap once freed; the gzip
 * trailer gives the size (modulo 4 GiB; these archives are tens of MB).
 */
function gunzipWhole(file: string): Buffer {
  const gz = readFileSync(file);
  return gunzipSync(gz, { chunkSize: Math.max(64 * 1024, gz.readUInt32LE(gz.length - 4) + 1) });
}

/** The lean bundle in `dir`, written from the package's bundle when missing. */
export function leanBundle(full: URL, dir: string): string {
  const source = fileURLToPath(full);
  const { size, mtimeMs } = statSync(source);
  const name = `postgis-lean${FILTER_VERSION}-${size}-${Math.round(mtimeMs)}.tar.gz`;
  const file = join(dir, name);
  if (!existsSync(file)) {
    const tar = filterTar(gunzipWhole(source), (entry) => UNUSED.test(entry));
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, gzipSync(tar, { level: 1 }));
    renameSync(temp, file);
    // Bundles of an older package or filter are of no further use.
    for (const old of readdirSync(dir))
      if (/^postgis-lean.*\.tar\.gz$/u.test(old) && old !== name) rmSync(join(dir, old), { force: true });
  }
  return file;
}

/** PGlite's emscripten module, as far as unpacking a bundle uses it. */
interface Module {
  WASM_PREFIX?: string;
  FS: {
    analyzePath(path: string): { exists: boolean };
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
    createPreloadedFile(
      parent: string,
      name: string,
      data: Uint8Array,
      canRead: boolean,
      canWrite: boolean,
      onload: () => void,
      onerror: () => void,
      dontCreateFile: boolean,
    ): void;
  };
}

/**
 * The bundle's files into PGlite's file system, as PGlite itself does: a library is
 * preloaded (compiled before the database starts, which waits for it), the rest written.
 */
function unpack(file: string, mod: Module): void {
  const { FS } = mod;
  const root = mod.WASM_PREFIX ?? '/pglite';
  // A plain Uint8Array, not a Buffer: the file system keeps `data.slice()` of what it is
  // given, a copy of a Uint8Array but a view of a Buffer, which would keep the whole archive.
  const tar = gunzipWhole(file);
  for (const e of tarEntries(new Uint8Array(tar.buffer, tar.byteOffset, tar.length))) {
    if (e.type === 'g' || e.name.startsWith('.')) continue;
    const path = `${root}/${e.name.replace(/\/$/u, '')}`;
    const folder = e.type === '5' ? path : path.slice(0, path.lastIndexOf('/'));
    if (!FS.analyzePath(folder).exists) FS.mkdirTree(folder);
    if (e.type === '5') continue;
    const name = path.slice(folder.length + 1);
    if (name.endsWith('.so')) {
      // A library is compiled and linked here; PostgreSQL's dlopen takes it from the preloaded
      // ones and only checks that the file exists, so the file is left empty (17 MB less held
      // for PostGIS). One that fails to compile is written whole, so that loading it fails in
      // SQL with PostgreSQL's own message, as with PGlite's loader. Emscripten's loader keeps the
      // bytes it is given for as long as the library lives: a copy, so that it keeps only the
      // library's and not the archive's (34 MB).
      const data = e.data.slice();
      const empty = () => FS.writeFile(path, new Uint8Array(0));
      FS.createPreloadedFile(folder, name, data, true, true, empty, () => FS.writeFile(path, data), true);
    } else FS.writeFile(path, e.data);
  }
}

/** PostGIS as PGlite's extension, its bundle filtered into `dir` (the data folder). */
export function leanPostgis(dir: string): Extension {
  return {
    name: postgis.name,
    async setup(pg, emscriptenOpts) {
      const done = await postgis.setup(pg, emscriptenOpts);
      const full = done.bundlePath;
      if (full?.protocol !== 'file:') return done;
      const file = leanBundle(full, dir);
      const opts = done.emscriptenOpts ?? emscriptenOpts;
      const preRun = [...(opts.preRun ?? []), (mod: Module) => unpack(file, mod)];
      return { ...done, bundlePath: undefined, emscriptenOpts: { ...opts, preRun } };
    },
  };
}

/**
 * Once PostGIS is in the database its install script (`postgis--<version>.sql`, 7.5 MB) is
 * never read again: the server creates the extension once and never updates it in place (a
 * migration that does, or that drops and creates it again, must keep the script). Emptied in
 * PGlite's file system, the memory that held it goes back. A new database keeps it until the
 * next start.
 */
export async function dropInstallScript(pg: PGlite): Promise<void> {
  const mod = (pg as unknown as { mod?: Module }).mod;
  if (!mod?.FS) return;
  const { rows } = await pg.query<{ v: string }>(
    "SELECT extversion AS v FROM pg_extension WHERE extname = 'postgis'",
  );
  const version = rows[0]?.v;
  if (!version) return;
  const path = `${mod.WASM_PREFIX ?? '/pglite'}/share/postgresql/extension/postgis--${version}.sql`;
  if (mod.FS.analyzePath(path).exists) mod.FS.writeFile(path, new Uint8Array(0));
}
