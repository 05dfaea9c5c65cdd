/**
 * A zipped Shapefile (or several in one zip) as GeoJSON features, read by shpjs. The text
 * encoding of the attributes comes from the .cpg (GBK in most Chinese exports, often
 * written as "936"); without one, attributes that are not valid UTF-8 are read as GBK.
 * A .prj is honoured (shpjs projects to WGS84 lng/lat).
 */
import { iter } from 'but-unzip';
import shp from 'shpjs';
import { FileError } from './problems';

type Parts = { shp?: Uint8Array; dbf?: Uint8Array; prj?: string; cpg?: string };

/** A .cpg's code page as a label TextDecoder knows. */
export function encodingOf(cpg: string | undefined, dbf: Uint8Array | undefined): string {
  const label = cpg?.trim().replace(/^ANSI\s*/i, '') ?? '';
  if (/^(cp)?936$|^gbk$|^gb2312$|^gb_2312/i.test(label)) return 'gbk';
  if (/^\d+$/.test(label)) return `windows-${label}`;
  if (label) {
    try {
      new TextDecoder(label);
      return label;
    } catch {
      // an unknown label: guess from the bytes below
    }
  }
  if (!dbf) return 'utf-8';
  // The records follow the header, whose length is at bytes 8–9.
  const start = dbf[8]! | (dbf[9]! << 8);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(start));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

export async function readShapefileZip(bytes: Uint8Array): Promise<unknown[]> {
  const byName = new Map<string, Parts>();
  const text = new TextDecoder();
  for (const entry of iter(bytes)) {
    const m = /^(.*)\.(shp|dbf|prj|cpg)$/i.exec(entry.filename);
    if (!m || entry.filename.includes('__MACOSX')) continue;
    const base = m[1]!;
    const ext = m[2]!.toLowerCase() as keyof Parts;
    const data = await entry.read();
    const parts = byName.get(base) ?? {};
    if (ext === 'shp' || ext === 'dbf') parts[ext] = data;
    else parts[ext] = text.decode(data);
    byName.set(base, parts);
  }
  const sets = [...byName.values()].filter((p) => p.shp);
  if (sets.length === 0) throw new FileError({ code: 'noShapefile' });
  const out: unknown[] = [];
  for (const p of sets) {
    try {
      const fc = (await shp({
        shp: p.shp!,
        dbf: p.dbf,
        prj: p.prj,
        cpg: encodingOf(p.cpg, p.dbf),
      })) as { features: unknown[] };
      out.push(...fc.features);
    } catch (e) {
      throw new FileError({ code: 'unreadable', detail: (e as Error).message });
    }
  }
  return out;
}
