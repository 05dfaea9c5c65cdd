/**
 * Export of what the user sees: the features of the layers that are on, narrowed to the
 * scope and the catalog filters. CSV has one header row of field labels; GeoJSON keeps the
 * coordinates in the basemap's CRS (the app converts API data to it on arrival).
 */
import type { FieldSpec, LayerFeature, Locale } from '../../layers/kit/define';
import { text } from '../../layers/kit/define';
import { anchorOf } from '@ioc/domain/analysis/geo';

export interface ExportLayer {
  layerId: string;
  title: string;
  fields: FieldSpec[];
  features: LayerFeature[];
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Quote always-risky cells; a leading = + - @ is neutralised against spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(layers: ExportLayer[], locale: Locale): string {
  const head =
    locale === 'en'
      ? ['Layer', 'ID', 'Name', 'Region', 'Longitude', 'Latitude']
      : ['图层', '编号', '名称', '所属区域', '经度', '纬度'];
  const keys: string[] = [];
  const labels: string[] = [];
  for (const l of layers)
    for (const f of l.fields)
      if (!keys.includes(f.key)) {
        keys.push(f.key);
        labels.push(text(locale, f.label));
      }
  const rows = [[...head, ...labels].map(csvCell).join(',')];
  for (const l of layers)
    for (const f of l.features) {
      const p = f.properties as Record<string, unknown>;
      const at = anchorOf(f.geometry);
      rows.push(
        [l.title, p.id, p.name, p.regionId, at?.[0], at?.[1], ...keys.map((k) => p[k])]
          .map(csvCell)
          .join(','),
      );
    }
  return `${rows.join('\r\n')}\r\n`;
}

export function toGeoJson(layers: ExportLayer[], crs: string): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    // Not RFC 7946's `crs` member (removed): a plain note of the coordinates' datum.
    metadata: { crs, layers: layers.map((l) => l.layerId) },
    features: layers.flatMap((l) =>
      l.features.map((f) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: { layer: l.layerId, ...f.properties },
      })),
    ),
  });
}

/** Parses a CSV produced by toCsv (quoted cells, CRLF rows). */
export function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
