/**
 * A GIS file as a layer's features, read by the app's own readers (@ioc/domain/gis:
 * GeoJSON, CSV with lon/lat or WKT, KML/KMZ, zipped Shapefile with its .prj and .cpg), which
 * run in Node as they run in the import worker, and validated feature by feature with the
 * contract's geometry rules. Coordinates are then moved from the file's CRS to the data CRS
 * (GCJ-02, as GET /meta says) with gcoord, as the app does.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { UserFeature as LayerFeature } from '@ioc/domain/gis/prepare';
import { fileMessages } from '@ioc/domain/gis/messages';
import type { Crs, GeometryType, LayerField } from '@ioc/contract/contract';
import { convertGeometry } from '@ioc/contract/crs';
import { prepare } from '@ioc/domain/gis/prepare';
import { FileError, type FileProblem, type RowUnit, type SkippedRow } from '@ioc/domain/gis/problems';
import { readFile } from '@ioc/domain/gis/read';
import { catalogFields } from './fields';

/** The CRS the server keeps its data in (GET /meta). */
export const DATA_CRS: Crs = 'GCJ02';

export interface LayerFile {
  /** Features in the data CRS; ids unique within the file. */
  features: LayerFeature[];
  /** The row (CSV line) or feature number of each feature, for messages. */
  rows: number[];
  skipped: SkippedRow[];
  unit: RowUnit;
  geometry: GeometryType;
  fields: LayerField[];
  /** Set when the file's own ids repeat, so features are numbered by their row instead. */
  renumbered?: { id: string; rows: [number, number] };
}

/** A file that cannot become a layer, in words (the app's English messages). */
export class ImportError extends Error {
  constructor(
    readonly problem: FileProblem,
    unit: RowUnit,
  ) {
    super(problemText(problem, unit));
  }
}

const EN = fileMessages.en;
const fill = (template: string, vars: Record<string, string | number | undefined>) =>
  template.replace(/\{(\w+)\}/gu, (_, k: string) => String(vars[k] ?? ''));

export function reasonText(row: SkippedRow, unit: RowUnit): string {
  return `${fill(EN[`mine.at.${unit}`], { row: row.row })}: ${EN[`mine.reason.${row.reason}`]}`;
}

function problemText(p: FileProblem, unit: RowUnit): string {
  const at = p.row !== undefined ? fill(EN[`mine.at.${unit}`], { row: p.row }) : '';
  return fill(EN[`mine.problem.${p.code}`], {
    row: p.row,
    detail: p.detail,
    at,
    reason: p.reason ? EN[`mine.reason.${p.reason}`] : undefined,
  });
}

export async function readLayerFile(path: string, crs: Crs, title: string): Promise<LayerFile> {
  const name = basename(path);
  let unit: RowUnit = /\.(csv|txt)$/iu.test(name) ? 'row' : 'feature';
  try {
    const read = await readFile(name, new Uint8Array(readFileSync(path)));
    unit = read.unit;
    const prepared = prepare(read, title);
    // prepare keeps the valid rows in their order; their numbers are the rows not skipped.
    const skippedRows = new Set(prepared.skipped.map((s) => s.row));
    const rows = read.rows.map((r) => r.row).filter((row) => !skippedRows.has(row));
    const features = prepared.features.map((f) => ({
      ...f,
      geometry: convertGeometry(f.geometry, crs, DATA_CRS),
    }));
    const renumbered = uniqueIds(features, rows);
    return {
      features,
      rows,
      skipped: prepared.skipped,
      unit,
      geometry: prepared.geometry,
      fields: catalogFields(features),
      ...(renumbered ? { renumbered } : {}),
    };
  } catch (e) {
    if (e instanceof FileError) throw new ImportError(e.problem, unit);
    throw e;
  }
}

/**
 * Feature ids must be unique in a layer. Many exports carry an id column of zeros (ArcGIS's
 * default "Id"): when ids repeat, every feature is numbered by its row instead.
 */
function uniqueIds(features: LayerFeature[], rows: number[]): LayerFile['renumbered'] {
  const seen = new Map<string, number>();
  for (const [i, f] of features.entries()) {
    const first = seen.get(f.properties.id);
    if (first !== undefined) {
      const repeated = {
        id: f.properties.id,
        rows: [rows[first] as number, rows[i] as number] as [number, number],
      };
      for (const [k, g] of features.entries()) g.properties.id = String(rows[k]);
      return repeated;
    }
    seen.set(f.properties.id, i);
  }
  return undefined;
}
