/**
 * One pass over a column for the counts that kind inference and profiling share: missing cells,
 * distinct values, value counts. Numeric columns are summarized through a sorted copy of their
 * non-missing values (a native typed-array sort is faster and leaner than a Set for a million rows);
 * string columns through a count per dictionary code.
 */
import type { Column } from './table';

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface ColumnSummary {
  readonly rowCount: number;
  readonly missing: number;
  readonly nonMissing: number;
  /** Distinct non-missing values. */
  readonly distinct: number;
  /** Numeric storage: the non-missing values, ascending. */
  readonly sorted: Float64Array | null;
  /** Numeric storage: every non-missing value is an integer. */
  readonly allIntegers: boolean;
  /** String storage: how many cells hold each dictionary code. */
  readonly codeCounts: Int32Array | null;
}

export function summarizeColumn(col: Column): ColumnSummary {
  const n = col.storage === 'numeric' ? col.values.length : col.codes.length;
  if (col.storage === 'numeric') {
    const values = col.values;
    let k = 0;
    const sorted = new Float64Array(n);
    let allIntegers = true;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v === v) {
        sorted[k++] = v;
        if (allIntegers && !Number.isInteger(v)) allIntegers = false;
      }
    }
    const present = sorted.subarray(0, k).sort();
    let distinct = 0;
    for (let i = 0; i < k; i++) if (i === 0 || present[i] !== present[i - 1]) distinct++;
    return {
      rowCount: n,
      missing: n - k,
      nonMissing: k,
      distinct,
      sorted: present,
      allIntegers: allIntegers && k > 0,
      codeCounts: null,
    };
  }
  const codeCounts = new Int32Array(col.dictionary.length);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const c = col.codes[i]!;
    if (c < 0) missing++;
    else codeCounts[c]!++;
  }
  let distinct = 0;
  for (let c = 0; c < codeCounts.length; c++) if (codeCounts[c]! > 0) distinct++;
  return {
    rowCount: n,
    missing,
    nonMissing: n - missing,
    distinct,
    sorted: null,
    allIntegers: false,
    codeCounts,
  };
}

/**
 * The `limit` most frequent values, most frequent first; ties keep first-seen order (string columns)
 * or ascending order (numeric columns). Cost O(distinct × limit).
 */
export function topValues(col: Column, summary: ColumnSummary, limit: number): ValueCount[] {
  const top: { value: string; count: number }[] = [];
  const offer = (count: number, text: () => string): void => {
    if (top.length === limit && count <= top[limit - 1]!.count) return;
    let at = top.length;
    while (at > 0 && top[at - 1]!.count < count) at--;
    top.splice(at, 0, { value: text(), count });
    if (top.length > limit) top.pop();
  };
  if (summary.codeCounts !== null && col.storage === 'string') {
    const counts = summary.codeCounts;
    for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) offer(counts[c]!, () => col.dictionary[c]!);
  } else if (summary.sorted !== null) {
    const sorted = summary.sorted;
    for (let i = 0; i < sorted.length; ) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      const v = sorted[i]!;
      offer(j - i, () => String(v));
      i = j;
    }
  }
  return top;
}

/** Distinct non-missing texts of a string column that occur at least once, with their counts. */
export function usedEntries(col: Column, summary: ColumnSummary): { text: string; count: number }[] {
  const out: { text: string; count: number }[] = [];
  if (col.storage !== 'string' || summary.codeCounts === null) return out;
  const counts = summary.codeCounts;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) out.push({ text: col.dictionary[c]!, count: counts[c]! });
  return out;
}
