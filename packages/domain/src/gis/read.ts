/**
 * Reads a file a user dropped into GeoJSON features, whatever its format: GeoJSON, CSV
 * (longitude/latitude or WKT columns), KML or KMZ (@tmcw/togeojson over @xmldom/xmldom, as
 * there is no DOMParser in a worker) or a zipped Shapefile. Structural problems throw a
 * FileError naming the line; rows that cannot become features are listed as skipped.
 * Runs in the import worker (parse.worker.ts); pure, so it is tested without a browser.
 */
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { iter } from 'but-unzip';
import { FileError, type RowUnit, type SkippedRow } from './problems';
import { readCsv } from './readCsv';
import { readShapefileZip } from './readShapefile';

export type FileFormat = 'geojson' | 'csv' | 'kml' | 'kmz' | 'shapefile';

export interface RawRow {
  /** CSV line or feature number, for messages. */
  row: number;
  feature: unknown;
}

export interface ReadResult {
  format: FileFormat;
  unit: RowUnit;
  rows: RawRow[];
  skipped: SkippedRow[];
}

export function formatOf(name: string): FileFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'kml') return 'kml';
  if (ext === 'kmz') return 'kmz';
  if (ext === 'zip') return 'shapefile';
  return null;
}

/** Text in UTF-8, or in GB18030 (a superset of GBK) when it is not valid UTF-8: Excel's CSVs. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const numbered = (features: unknown[]): RawRow[] => features.map((feature, i) => ({ row: i + 1, feature }));

/** The line of a JSON.parse error, from the position or line it reports. */
function jsonLine(text: string, e: Error): number | undefined {
  const line = /line (\d+)/.exec(e.message);
  if (line) return Number(line[1]);
  const at = /position (\d+)/.exec(e.message);
  return at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
}

function readGeoJson(text: string): RawRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FileError({ code: 'json', row: jsonLine(text, e as Error), detail: (e as Error).message });
  }
  const d = doc as { type?: unknown; features?: unknown; coordinates?: unknown };
  if (Array.isArray(doc)) return numbered(doc);
  if (d?.type === 'FeatureCollection' && Array.isArray(d.features)) return numbered(d.features);
  if (d?.type === 'Feature') return numbered([doc]);
  if (typeof d?.type === 'string' && d.coordinates !== undefined)
    return numbered([{ type: 'Feature', geometry: doc, properties: {} }]);
  throw new FileError({ code: 'unreadable', detail: 'not a GeoJSON FeatureCollection, Feature or geometry' });
}

function readKml(text: string): RawRow[] {
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw new FileError({ code: 'unreadable', detail: (e as Error).message });
  }
  if (doc.documentElement?.localName !== 'kml')
    throw new FileError({ code: 'unreadable', detail: 'no <kml> element' });
  return numbered(kml(doc).features);
}

async function kmlOfKmz(bytes: Uint8Array): Promise<string> {
  for (const entry of iter(bytes)) if (/\.kml$/i.test(entry.filename)) return decodeText(await entry.read());
  throw new FileError({ code: 'noShapefile' });
}

/** A zip starts "PK" and ends with a 22-byte directory record (shorter input would hang the reader). */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

export async function readFile(name: string, bytes: Uint8Array): Promise<ReadResult> {
  const format = formatOf(name);
  if (!format) throw new FileError({ code: 'format' });
  if (bytes.length === 0) throw new FileError({ code: 'empty' });
  if ((format === 'shapefile' || format === 'kmz') && !isZip(bytes))
    throw new FileError({ code: 'unreadable', detail: 'not a zip archive' });
  try {
    switch (format) {
      case 'csv': {
        const { rows, skipped } = readCsv(decodeText(bytes));
        return { format, unit: 'row', rows, skipped };
      }
      case 'geojson':
        return { format, unit: 'feature', rows: readGeoJson(decodeText(bytes)), skipped: [] };
      case 'kml':
        return { format, unit: 'feature', rows: readKml(decodeText(bytes)), skipped: [] };
      case 'kmz':
        return { format, unit: 'feature', rows: readKml(await kmlOfKmz(bytes)), skipped: [] };
      case 'shapefile':
        return { format, unit: 'feature', rows: numbered(await readShapefileZip(bytes)), skipped: [] };
    }
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError({ code: 'unreadable', detail: (e as Error).message });
  }
}
