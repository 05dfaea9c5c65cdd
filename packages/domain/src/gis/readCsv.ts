/**
 * A CSV of points (longitude and latitude columns) or of any geometry (a WKT column), as
 * GeoJSON features; parsed by Papa Parse, WKT by betterknown. A row whose coordinates do
 * not read is skipped and counted; a file with no coordinate columns is refused.
 */
import { wktToGeoJSON } from 'betterknown';
import Papa from 'papaparse';
import { FileError, type SkippedRow } from './problems';
import type { RawRow } from './read';

const LON = /^(lon|lng|long|longitude|x|经度|東經|东经)$/i;
const LAT = /^(lat|latitude|y|纬度|北纬)$/i;
const WKT = /^(wkt|geometry|geom|the_geom|shape|几何|坐标串)$/i;
/** Numbers as numbers, but not codes with leading zeros (440307001 stays a number; 007 a code). */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function typed(v: string): string | number | null {
  const s = v.trim();
  if (s === '') return null;
  return NUMBER.test(s) ? Number(s) : s;
}

export function readCsv(text: string): { rows: RawRow[]; skipped: SkippedRow[] } {
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  // The header is line 1; data row i is line i + 2 (a quoted line break would shift this).
  const lineOf = (dataRow: number | undefined) => (dataRow ?? 0) + 2;
  const quotes = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
  // The line of the quote itself (Papa Parse's row is where it gave up).
  if (quotes)
    throw new FileError({
      code: 'quotes',
      row: quotes.index !== undefined ? text.slice(0, quotes.index).split('\n').length : lineOf(quotes.row),
    });
  const columns = result.meta.fields ?? [];
  const lon = columns.find((c) => LON.test(c.trim()));
  const lat = columns.find((c) => LAT.test(c.trim()));
  const wkt = columns.find((c) => WKT.test(c.trim()));
  if (!(lon && lat) && !wkt) throw new FileError({ code: 'noCoordinates', detail: columns.join(', ') });
  const broken = new Set(
    result.errors.filter((e) => e.code === 'TooFewFields' || e.code === 'TooManyFields').map((e) => e.row),
  );
  const rows: RawRow[] = [];
  const skipped: SkippedRow[] = [];
  result.data.forEach((record, i) => {
    const row = lineOf(i);
    if (broken.has(i)) {
      skipped.push({ row, reason: 'fields' });
      return;
    }
    let geometry: unknown;
    if (lon && lat) {
      const x = Number(record[lon]?.trim() || Number.NaN);
      const y = Number(record[lat]?.trim() || Number.NaN);
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        skipped.push({ row, reason: 'coordinates' });
        return;
      }
      geometry = { type: 'Point', coordinates: [x, y] };
    } else {
      try {
        geometry = wktToGeoJSON(record[wkt!] ?? '');
      } catch {
        geometry = null;
      }
      if (!geometry) {
        skipped.push({ row, reason: 'wkt' });
        return;
      }
    }
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record))
      if (k !== lon && k !== lat && k !== wkt && k.trim() !== '') properties[k.trim()] = typed(v ?? '');
    rows.push({ row, feature: { type: 'Feature', geometry, properties } });
  });
  return { rows, skipped };
}
