/**
 * What the importer decides from the start of a file before reading it: is it text at all, which line
 * ending and which delimiter does it use. Each takes a fixed-size sample (not whatever chunk happened to
 * arrive first), so the decisions never depend on how the input was split.
 */
import Papa from 'papaparse';
import { CsvImportError } from './table';

export type LineEnding = 'LF' | 'CRLF' | 'CR';

export type Newline = '\n' | '\r\n' | '\r';

export const NEWLINES: Readonly<Record<LineEnding, Newline>> = { LF: '\n', CRLF: '\r\n', CR: '\r' };

/** Candidate delimiters, in order of preference when they score the same. */
export const DELIMITERS: readonly string[] = [',', ';', '\t'];

/**
 * Throws CsvImportError when `head` (the first KB or so of the text) cannot be the start of a CSV
 * file: NUL characters (binary data, or UTF-16 read as UTF-8), U+FFFD replacement characters (bytes that
 * are not UTF-8), or many control characters.
 */
export function assertLooksLikeText(head: string): void {
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) {
      throw new CsvImportError(
        'This file contains binary data (NUL bytes), so it is not a CSV text file. If it is a spreadsheet, save it as CSV first.',
      );
    }
    if (c === 0xfffd) {
      throw new CsvImportError(
        'This file is not UTF-8 text (it contains bytes that are not valid UTF-8), so it cannot be read as CSV. Save it as "CSV UTF-8" and try again.',
      );
    }
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) controls++;
  }
  if (controls > Math.max(2, head.length / 100)) {
    throw new CsvImportError(
      'This file contains many control characters, so it looks like binary data rather than a CSV text file.',
    );
  }
}

/**
 * The line ending of the first line break outside double quotes in `sample` (LF when there is none).
 * A line ending in CR LF is CRLF; a CR alone is CR.
 */
export function detectLineEnding(sample: string): LineEnding {
  let inQuotes = false;
  let firstAny = -1;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 34 /* " */) {
      inQuotes = !inQuotes;
    } else if (c === 10 || c === 13) {
      if (firstAny < 0) firstAny = i;
      if (!inQuotes) return endingAt(sample, i);
    }
  }
  // Unbalanced quotes (e.g. an inch mark in the header): fall back to the first break of all.
  return firstAny >= 0 ? endingAt(sample, firstAny) : 'LF';
}

function endingAt(sample: string, i: number): LineEnding {
  if (sample.charCodeAt(i) === 10) return 'LF';
  return sample.charCodeAt(i + 1) === 10 ? 'CRLF' : 'CR';
}

/**
 * The delimiter among `DELIMITERS` that splits the first lines of `sample` most consistently (quoted
 * delimiters do not count). Ranked by: no malformed quotes when split this way, then the share of lines
 * whose field count equals the header's, then the number of such lines, then fewer fields holding a
 * quote character, then more fields, then the order of `DELIMITERS`. A candidate
 * must give the header at least two fields; when none does, the file has a single column and ',' is
 * returned. `complete` says the sample is the whole file (otherwise its last, possibly cut, line is
 * ignored).
 */
export function detectDelimiter(sample: string, newline: Newline, complete: boolean): string {
  let best = ',';
  let bestRank: readonly number[] = [];
  for (const delimiter of DELIMITERS) {
    const parser = new Papa.Parser({ delimiter, newline, preview: 50 });
    const result = parser.parse(sample, 0, !complete) as {
      data: string[][];
      errors: { code: string; row?: number }[];
    };
    const quoteErrors = result.errors.filter((e) => e.row !== undefined && e.row < result.data.length).length;
    const rows = result.data.filter((row) => row.length > 1 || (row[0] ?? '').trim() !== '');
    const fields = rows[0]?.length ?? 0;
    if (fields < 2) continue;
    let agree = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.length === fields) agree++;
    // Splitting at the wrong delimiter leaves quote characters inside unquoted fields ("a;\"").
    let strayQuotes = 0;
    for (const row of rows) for (const field of row) if (field.includes('"')) strayQuotes++;
    // A wrong delimiter can open "quoted fields" that swallow line breaks: fewer records agree then.
    const rank = [quoteErrors === 0 ? 1 : 0, rows.length > 1 ? agree / (rows.length - 1) : 1, agree, -strayQuotes, fields];
    if (isBetter(rank, bestRank)) {
      best = delimiter;
      bestRank = rank;
    }
  }
  return best;
}

/** Lexicographic comparison; anything beats the empty rank. */
function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (i >= b.length || a[i]! > b[i]!) return true;
    if (a[i]! < b[i]!) return false;
  }
  return false;
}
