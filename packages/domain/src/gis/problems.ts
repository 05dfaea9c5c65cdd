/**
 * What can be wrong with a file a user adds, as codes the UI words in the user's language
 * (messages `mine.*`), with the row or feature it happened at.
 */
export type ProblemCode =
  /** Not a format we read. */
  | 'format'
  /** The bytes could not be read as the format its name says (detail: the reader's words). */
  | 'unreadable'
  /** GeoJSON that is not JSON (row: the line). */
  | 'json'
  /** A CSV whose quotes do not close (row: the line). */
  | 'quotes'
  /** A CSV without longitude/latitude or WKT columns. */
  | 'noCoordinates'
  /** A zip without a .shp (or a KMZ without a .kml). */
  | 'noShapefile'
  /** Larger than a browser should read. */
  | 'tooLarge'
  /** Nothing in the file. */
  | 'empty'
  /** Every feature was broken (row: the first, reason: why). */
  | 'noneValid';

/** Why one row or feature was skipped. */
export type SkipReason = 'coordinates' | 'wkt' | 'geometry' | 'fields';

export interface SkippedRow {
  /** The CSV line (the header is line 1) or the feature's number in the file (from 1). */
  row: number;
  reason: SkipReason;
}

export interface FileProblem {
  code: ProblemCode;
  row?: number;
  reason?: SkipReason;
  detail?: string;
}

export class FileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(
      `${problem.code}${problem.row ? ` at ${problem.row}` : ''}${problem.detail ? `: ${problem.detail}` : ''}`,
    );
  }
}

/** Whether rows are counted as CSV lines or as features. */
export type RowUnit = 'row' | 'feature';
