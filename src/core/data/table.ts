/**
 * The typed columnar table every layer shares: what the importer produces, what profiling, features,
 * splits and training read, and what crosses the worker boundary (as typed arrays in transfer lists).
 *
 * Invariants:
 * - every column has exactly `rowCount` values;
 * - numeric storage: `values[i]` is NaN when cell i is missing;
 * - string storage: `codes[i]` indexes `dictionary`, or is -1 when cell i is missing;
 * - `sourceLines[i]` is the 1-based line in the source file where row i starts (for messages);
 * - a table is never changed once built: transforms make new tables (sharing untouched columns), and
 *   per-table caches (infer.ts) rely on it.
 */

/** The semantic type of a column, inferred by `inferColumnKinds` and overridable by the user. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text' | 'identifier';
export const COLUMN_KINDS: readonly ColumnKind[] = [
  'numeric',
  'categorical',
  'boolean',
  'datetime',
  'text',
  'identifier',
];

export interface NumericColumn {
  readonly name: string;
  readonly storage: 'numeric';
  /** NaN marks a missing cell. Datetimes parsed by the importer are stored here as ms since epoch. */
  readonly values: Float64Array;
}

export interface StringColumn {
  readonly name: string;
  readonly storage: 'string';
  /** Index into `dictionary`, or -1 for a missing cell. */
  readonly codes: Int32Array;
  /** Distinct non-missing values, in first-seen order. */
  readonly dictionary: readonly string[];
}

export type Column = NumericColumn | StringColumn;

export interface Table {
  readonly columns: readonly Column[];
  readonly rowCount: number;
  /** 1-based source line of each row's first character; length `rowCount`. */
  readonly sourceLines: Int32Array;
}

/** Something the importer skipped or changed, told to the user with where it happened. */
export interface SkippedLine {
  /** 1-based line number in the source file. */
  readonly line: number;
  readonly reason: string;
}

export interface CoercedTokens {
  readonly column: string;
  /** Non-numeric tokens found in a mostly numeric column, now treated as missing. */
  readonly tokens: readonly { readonly token: string; readonly count: number; readonly firstLine: number }[];
}

export interface ImportReport {
  readonly delimiter: string;
  readonly lineEnding: 'LF' | 'CRLF' | 'CR';
  readonly hadBom: boolean;
  /** Rows with the wrong number of fields, repeated headers, unparsable quoting... never padded or shifted. */
  readonly skipped: readonly SkippedLine[];
  /** Number of skipped entries in total (the list above may be capped for huge files). */
  readonly skippedCount: number;
  readonly blankLines: number;
  readonly repeatedHeaders: number;
  readonly coerced: readonly CoercedTokens[];
  /** Plain-language warnings for the user. */
  readonly warnings: readonly string[];
  readonly bytes: number;
}

export interface ImportResult {
  readonly table: Table;
  readonly report: ImportReport;
}

/** Thrown for input that cannot be read as a table at all (empty, header only, not CSV). */
export class CsvImportError extends Error {
  override readonly name = 'CsvImportError';
}

export function columnByName(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function isMissing(col: Column, row: number): boolean {
  return col.storage === 'numeric' ? Number.isNaN(col.values[row]!) : col.codes[row]! < 0;
}

/** The cell as text for display (never as HTML). Missing cells give ''. */
export function cellText(col: Column, row: number): string {
  if (col.storage === 'numeric') {
    const v = col.values[row]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  const c = col.codes[row]!;
  return c < 0 ? '' : col.dictionary[c]!;
}

/** Rows `rows` of the table as a new table (copies). */
export function selectRows(table: Table, rows: Int32Array): Table {
  const columns: Column[] = table.columns.map((col) => {
    if (col.storage === 'numeric') {
      const values = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) values[i] = col.values[rows[i]!]!;
      return { name: col.name, storage: 'numeric', values };
    }
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = col.codes[rows[i]!]!;
    return { name: col.name, storage: 'string', codes, dictionary: col.dictionary };
  });
  const sourceLines = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) sourceLines[i] = table.sourceLines[rows[i]!]!;
  return { columns, rowCount: rows.length, sourceLines };
}
