/**
 * Test helper: builds a Table from plain arrays. Numbers (and null for missing) give a numeric column,
 * strings (and null) a string column with a first-seen dictionary. Used only by tests.
 */
import type { Column, Table } from './table';

export type CellValue = number | string | null;

export function columnOf(name: string, cells: readonly CellValue[]): Column {
  if (cells.every((c) => c === null || typeof c === 'number')) {
    return { name, storage: 'numeric', values: Float64Array.from(cells, (c) => (c === null ? NaN : (c as number))) };
  }
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(cells, (c) => {
    if (c === null) return -1;
    const text = String(c);
    let code = index.get(text);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(text);
      index.set(text, code);
    }
    return code;
  });
  return { name, storage: 'string', codes, dictionary };
}

export function tableOf(columns: Readonly<Record<string, readonly CellValue[]>>): Table {
  const cols = Object.entries(columns).map(([name, cells]) => columnOf(name, cells));
  const rowCount = Object.values(columns)[0]?.length ?? 0;
  return { columns: cols, rowCount, sourceLines: Int32Array.from({ length: rowCount }, (_, i) => i + 2) };
}

/** `n` values from `f(i)`. */
export function times<T>(n: number, f: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => f(i));
}
