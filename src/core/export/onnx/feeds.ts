/**
 * The feeds of an exported model for rows of a raw table, read exactly as the studio reads them, so the
 * in-app check of an export compares like with like. Pure: the caller wraps each entry in its
 * runtime's tensor type (onnxruntime-web or -node). Conventions: features.ts's module comment.
 */
import { columnAsNumbers } from '../../data/infer';
import { cellText, columnByName, type Column, type Table } from '../../data/table';
import type { FittedFeatures } from '../../pipeline/experiment';
import { featureInputs, type InputReading } from './features';

export interface OnnxFeed {
  readonly name: string;
  readonly type: 'float' | 'string';
  readonly dims: [number, 1];
  /** float32 (NaN for missing) or strings ('' for missing), one per row. */
  readonly data: Float32Array | string[];
}

/** A number per table row, as the reading says (NaN when missing or unreadable). */
function numbersOf(col: Column, reading: Exclude<InputReading, { kind: 'text' }>): (row: number) => number {
  if (reading.kind === 'boolean') {
    const bit = new Map<string, number>([...reading.falseLevels.map((l) => [l, 0] as const), ...reading.trueLevels.map((l) => [l, 1] as const)]);
    // preprocess.ts's levelTexts: the dictionary text, or String(v) of a stored number.
    return (row) => (col.storage === 'numeric' && Number.isNaN(col.values[row]!) ? NaN : (bit.get(cellText(col, row)) ?? NaN));
  }
  const values = reading.kind === 'view' ? columnAsNumbers(col, reading.as) : col.storage === 'numeric' ? col.values : columnAsNumbers(col, 'numeric');
  return (row) => values[row]!;
}

/**
 * The feeds for the exported model from a raw table: one entry per graph input (addFeatureGraph's
 * inputs, in order), float32 (NaN for missing) or string ('' for missing), for `rows` in the given
 * order. With a time window the model reads its rows as consecutive: pass a run of consecutive rows
 * (from row 0 to match the studio's first windows, which start with zeros). Throws an Error naming a
 * missing column, and OnnxExportError when the pipeline cannot be exported. Cost: O(rows × inputs).
 */
export function onnxFeeds(fitted: FittedFeatures, table: Table, rows: Int32Array): OnnxFeed[] {
  return featureInputs(fitted).map((input) => {
    const col = columnByName(table, input.name);
    if (col === undefined) throw new Error(`The column "${input.name}" (an input of the exported model) is not in this table.`);
    const dims: [number, 1] = [rows.length, 1];
    if (input.reading.kind === 'text') {
      return { name: input.name, type: 'string', dims, data: Array.from(rows, (r) => cellText(col, r)) };
    }
    const read = numbersOf(col, input.reading);
    return { name: input.name, type: 'float', dims, data: Float32Array.from(rows, read) };
  });
}
