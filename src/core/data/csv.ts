/**
 * Streaming CSV import into the columnar Table (table.ts).
 *
 * Text arrives as chunks split anywhere (mid-line, mid-quote, mid-CRLF). Chunks are gathered into blocks
 * of about a megabyte. A block with quote characters goes to papaparse's Parser, which returns the
 * complete records of the block and where the unfinished last one starts; that tail is carried into
 * the next block (papaparse's own streaming scheme). A block without any quote character splits the
 * way papaparse's fastMode splits it (a row per newline, a field per delimiter); that case is read in
 * place here (`consumePlain`): not cutting out a string per cell imports numeric files about 1.4 times
 * faster. Records never depend on where chunks or blocks were split (tests check both).
 *
 * Cells go straight into per-column builders (columnBuilder.ts): numbers into growable Float64Arrays,
 * text into dictionary codes; no per-cell objects. Line numbers count physical lines (a line break
 * inside a quoted field starts a new line), so messages point where an editor shows the problem.
 */
import Papa from 'papaparse';
import { ColumnBuilder, MissingMarkers } from './columnBuilder';
import { NumberScanner } from './numberText';
import { breaksIn, hasStrayBreaks, isBlank, occurrences, uniqueColumnNames, utf8Length } from './csvText';
import { assertLooksLikeText, detectDelimiter, detectLineEnding, NEWLINES, type LineEnding, type Newline } from './sniff';
import {
  CsvImportError,
  type CoercedTokens,
  type Column,
  type ImportResult,
  type SkippedLine,
} from './table';

export { uniqueColumnNames } from './csvText';

export const DEFAULT_MISSING_MARKERS: readonly string[] = ['', 'NA', 'N/A', 'null', 'NaN', '?', '-'];

export interface CsvImportOptions {
  /**
   * Cell texts read as missing, compared trimmed and case-insensitively. Empty and whitespace-only
   * cells are always missing. Default: DEFAULT_MISSING_MARKERS.
   */
  readonly missingMarkers?: readonly string[];
  /** Cap on `report.skipped` (the count stays exact). Default 1000. */
  readonly maxReportedSkips?: number;
  /** Characters of input consumed so far, as UTF-8 bytes; called about once per megabyte and at the end. */
  readonly onProgress?: (bytesDone: number) => void;
  /**
   * Checked before each chunk, each block and finishing; once set, the import throws an Error named
   * AbortError.
   */
  readonly signal?: { readonly aborted: boolean };
  /** Size of the whole input in bytes, when known (sizes the columns once; not needed for parsing). */
  readonly totalBytes?: number;
  /**
   * Characters gathered before a block is parsed (default about a million). Any size gives the same
   * result; tests use tiny blocks to cross block boundaries everywhere.
   */
  readonly blockChars?: number;
}

/** The first sniffing sample: line ending and delimiter are decided from this many characters. */
const SNIFF_CHARS = 64 * 1024;
/** Characters gathered before a block is parsed, by default. */
const BLOCK_CHARS = 1 << 20;
const BINARY_CHECK_CHARS = 1024;

interface Dialect {
  readonly lineEnding: LineEnding;
  readonly newline: Newline;
  readonly delimiter: string;
  readonly parser: Papa.Parser;
}

interface PapaError {
  readonly code: string;
  readonly row?: number;
}

interface PapaResult {
  readonly data: string[][];
  readonly errors: readonly PapaError[];
  readonly meta: { readonly cursor: number };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function abortError(): Error {
  const error = new Error('The import was cancelled.');
  error.name = 'AbortError';
  return error;
}

/**
 * A push parser: feed text chunks with `push`, then call `finish` once. `importCsv` and
 * `importCsvText` wrap it; use it directly when chunks arrive by callback.
 */
export class CsvImporter {
  private readonly options: CsvImportOptions;
  private readonly scanner = new NumberScanner();
  private readonly markers: MissingMarkers;
  private readonly maxReportedSkips: number;

  /**
   * Text not parsed yet, as chunks: joined once per block, because `join` yields a flat string, while
   * `+=` builds a rope that V8 reads character by character several times slower.
   */
  private pendingChunks: string[] = [];
  private pendingLength = 0;
  private started = false;
  private finished = false;
  private hadBom = false;
  private bytes = 0;
  private dialect: Dialect | null = null;
  private readonly blockChars: number;
  private nextParseAt: number;
  private reserved = false;
  /** 1-based line where the next record starts. */
  private line = 1;

  private header: readonly string[] | null = null;
  private headerLine = 0;
  private renamed: string[] = [];
  private builders: ColumnBuilder[] = [];
  /** Scratch for `consumePlain`: where each field of the current row starts. */
  private bounds = new Int32Array(1);
  private sourceLines = new Int32Array(1024);
  private rowCount = 0;

  private blankLines = 0;
  private repeatedHeaders = 0;
  private firstRepeatedHeader = 0;
  private fieldCountSkips = 0;
  private firstFieldCountSkip = 0;
  private readonly skipped: SkippedLine[] = [];
  private skippedCount = 0;

  constructor(options: CsvImportOptions = {}) {
    this.options = options;
    this.markers = new MissingMarkers(options.missingMarkers ?? DEFAULT_MISSING_MARKERS, this.scanner);
    this.maxReportedSkips = options.maxReportedSkips ?? 1000;
    this.blockChars = Math.max(1, options.blockChars ?? BLOCK_CHARS);
    this.nextParseAt = this.blockChars;
  }

  push(chunk: string): void {
    if (this.finished) throw new Error('CsvImporter.push called after finish');
    if (this.options.signal?.aborted) throw abortError();
    if (chunk.length === 0) return;
    this.bytes += utf8Length(chunk);
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) {
        this.hadBom = true;
        chunk = chunk.slice(1);
      }
    }
    // A huge chunk (a whole file given as one string) is taken a block at a time, so papaparse never
    // builds row arrays for more than about one block.
    const block = this.blockChars;
    for (let at = 0; at < chunk.length; at += block) {
      const piece = at === 0 && chunk.length <= block ? chunk : chunk.slice(at, at + block);
      this.pendingChunks.push(piece);
      this.pendingLength += piece.length;
      if (this.dialect === null && this.pendingLength >= SNIFF_CHARS) this.sniff(false);
      if (this.dialect !== null && this.pendingLength >= this.nextParseAt) {
        if (this.options.signal?.aborted) throw abortError();
        this.parseBlock(false);
        this.options.onProgress?.(this.bytes);
      }
    }
  }

  finish(): ImportResult {
    if (this.finished) throw new Error('CsvImporter.finish called twice');
    if (this.options.signal?.aborted) throw abortError();
    this.finished = true;
    if (this.dialect === null) {
      if (this.pendingText().trim() === '') throw new CsvImportError('The file is empty.');
      this.sniff(true);
    }
    this.parseBlock(true);
    this.options.onProgress?.(this.bytes);
    return this.result();
  }

  private sniff(complete: boolean): void {
    const pending = this.pendingText();
    const sample = pending.length > SNIFF_CHARS ? pending.slice(0, SNIFF_CHARS) : pending;
    assertLooksLikeText(sample.slice(0, BINARY_CHECK_CHARS));
    const sampleComplete = complete && pending.length <= SNIFF_CHARS;
    const lineEnding = detectLineEnding(sample);
    const newline = NEWLINES[lineEnding];
    const delimiter = detectDelimiter(sample, newline, sampleComplete);
    this.dialect = { lineEnding, newline, delimiter, parser: new Papa.Parser({ delimiter, newline, quoteChar: '"' }) };
  }

  /** The pending chunks as one flat string (kept as the only chunk). */
  private pendingText(): string {
    if (this.pendingChunks.length !== 1) this.pendingChunks = [this.pendingChunks.join('')];
    return this.pendingChunks[0]!;
  }

  /** Parses the complete records pending (all of them when `final`) and keeps the unfinished tail. */
  private parseBlock(final: boolean): void {
    const { parser, lineEnding } = this.dialect!;
    const text = this.pendingText();
    let rest: string;
    if (text.indexOf('"') < 0 && !hasStrayBreaks(text, lineEnding)) {
      rest = this.consumePlain(text, final);
    } else {
      const result = parser.parse(text, 0, true) as PapaResult;
      this.consume(result, text, true);
      rest = text.slice(result.meta.cursor);
      if (final && rest.length > 0) {
        // The last record has no line break after it, or never closes its quotes.
        this.consume(parser.parse(rest, 0, false) as PapaResult, rest, false);
        rest = '';
      }
    }
    this.pendingChunks = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    if (!final && !this.reserved && this.options.totalBytes !== undefined && this.rowCount > 0) {
      // Size the columns once from the file size and the rows so far, instead of doubling them.
      this.reserved = true;
      const consumed = this.bytes - rest.length;
      // A row takes at least one byte per column (its delimiters and newline), which bounds a bad guess.
      const estimate = Math.min(
        Math.ceil((this.rowCount * this.options.totalBytes * 1.02) / Math.max(1, consumed)) + 16,
        Math.ceil(this.options.totalBytes / Math.max(1, this.builders.length)) + 16,
      );
      for (const builder of this.builders) builder.reserve(estimate);
      this.growSourceLines(estimate);
    }
    // A record longer than a block (a quote that never closes) waits for twice the text, so re-parsing
    // it stays linear overall.
    this.nextParseAt = Math.max(this.blockChars, 2 * rest.length);
  }

  /**
   * Applies the per-row rules to papaparse's records of `text`. `complete` says every record ended
   * with a newline (false for the last record of the file).
   */
  private consume(result: PapaResult, text: string, complete: boolean): void {
    const rows = result.data;
    const { lineEnding, newline } = this.dialect!;
    let quoteErrors: Map<number, string> | null = null;
    for (const error of result.errors) {
      if (error.row === undefined || error.row >= rows.length) continue;
      if (error.code === 'MissingQuotes' || error.code === 'InvalidQuotes') {
        quoteErrors ??= new Map();
        if (!quoteErrors.has(error.row) || error.code === 'MissingQuotes') quoteErrors.set(error.row, error.code);
      }
    }
    // Rows span one line each unless some quoted field holds a line break: then as many newlines
    // were parsed as rows ended, and counting breaks field by field is needed only otherwise.
    const parsedEnd = complete ? result.meta.cursor : text.length;
    const countBreaks =
      hasStrayBreaks(text, lineEnding) ||
      occurrences(text, newline, parsedEnd) !== (complete ? rows.length : rows.length - 1);

    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const line = this.line;
      if (countBreaks) {
        let breaks = 0;
        for (let c = 0; c < row.length; c++) breaks += breaksIn(row[c]!);
        // A CR ending the row before an LF separator (or an LF after a CR separator) is one CR LF break.
        if (lineEnding === 'LF' && row[row.length - 1]!.endsWith('\r')) breaks--;
        if (lineEnding === 'CR' && row[0]!.startsWith('\n')) breaks--;
        this.line += 1 + Math.max(0, breaks);
      } else {
        this.line++;
      }

      const quoteError = quoteErrors?.get(r);
      if (quoteError !== undefined) {
        if (this.header === null) {
          throw new CsvImportError(`The header line (line ${line}) has malformed quotes, so the columns cannot be read.`);
        }
        this.skip(
          line,
          quoteError === 'MissingQuotes'
            ? `a quoted field starting on this line is never closed, so lines ${line} to ${this.line - 1} could not be read`
            : 'malformed quotes (a quote inside a quoted field must be doubled, and a closing quote must end the field)',
        );
        continue;
      }
      if (row.length === 1 && row[0]!.trim() === '') {
        this.blankLines++;
        continue;
      }
      if (this.header === null) {
        this.setHeader(row, line);
        continue;
      }
      const builders = this.builders;
      if (row.length !== builders.length) {
        this.skipFieldCount(line, row.length);
        continue;
      }
      if (this.isHeader(row)) {
        this.skipRepeatedHeader(line);
        continue;
      }
      for (let c = 0; c < builders.length; c++) {
        const cell = row[c]!;
        builders[c]!.push(cell, 0, cell.length, line);
      }
      this.addRow(line);
    }
  }

  /**
   * The fast path for a block with no quote character (and no line breaks but its row separators).
   * Such a block splits exactly as papaparse's fastMode splits it (a row at each newline, a field at
   * each delimiter), so it is read here in place instead: cells go to the builders as ranges of the
   * block and numbers are parsed without cutting out a string per cell, which makes numeric files
   * several times faster. The rules per row are those of `consume`. Returns the unfinished tail.
   */
  private consumePlain(text: string, final: boolean): string {
    const { newline, delimiter } = this.dialect!;
    let pos = 0;
    // The next delimiter at or after `pos`: each is searched for once (indexOf beats a character loop).
    let nextDelimiter = text.indexOf(delimiter);
    while (pos < text.length) {
      let end = text.indexOf(newline, pos);
      if (end < 0) {
        if (!final) break;
        end = text.length;
      }
      const line = this.line++;
      const builders = this.builders;
      const n = builders.length;
      const bounds = this.bounds;
      // Field f spans bounds[f] .. bounds[f + 1] - 1 (the delimiter); bounds are kept for n fields.
      bounds[0] = pos;
      let fields = 1;
      while (nextDelimiter >= 0 && nextDelimiter < end) {
        if (fields <= n) bounds[fields] = nextDelimiter + 1;
        fields++;
        nextDelimiter = text.indexOf(delimiter, nextDelimiter + 1);
      }
      if (fields === 1 && isBlank(text, pos, end)) {
        this.blankLines++;
      } else if (this.header === null) {
        this.setHeader(text.slice(pos, end).split(delimiter), line);
      } else if (fields !== n) {
        this.skipFieldCount(line, fields);
      } else {
        bounds[n] = end + 1;
        if (this.isHeaderAt(text, bounds)) {
          this.skipRepeatedHeader(line);
        } else {
          for (let c = 0; c < n; c++) builders[c]!.push(text, bounds[c]!, bounds[c + 1]! - 1, line);
          this.addRow(line);
        }
      }
      pos = end + newline.length;
    }
    return pos >= text.length ? '' : text.slice(pos);
  }

  private addRow(line: number): void {
    if (this.rowCount === this.sourceLines.length) this.growSourceLines(this.rowCount * 2);
    this.sourceLines[this.rowCount++] = line;
  }

  private skipFieldCount(line: number, found: number): void {
    if (this.fieldCountSkips++ === 0) this.firstFieldCountSkip = line;
    this.skip(line, `expected ${plural(this.builders.length, 'field')}, found ${found}`);
  }

  private skipRepeatedHeader(line: number): void {
    if (this.repeatedHeaders++ === 0) this.firstRepeatedHeader = line;
    this.skip(line, 'the header line repeated');
  }

  private growSourceLines(capacity: number): void {
    if (capacity <= this.sourceLines.length) return;
    const grown = new Int32Array(capacity);
    grown.set(this.sourceLines.subarray(0, this.rowCount));
    this.sourceLines = grown;
  }

  private setHeader(row: readonly string[], line: number): void {
    const raw = row.map((name) => name.trim());
    const { names, renamed } = uniqueColumnNames(raw);
    this.header = raw;
    this.bounds = new Int32Array(raw.length + 1);
    this.headerLine = line;
    this.renamed = renamed;
    this.builders = names.map((name) => new ColumnBuilder(name, this.scanner, this.markers));
  }

  private isHeader(row: readonly string[]): boolean {
    const header = this.header!;
    const first = row[0]!;
    if (first !== header[0]) {
      // Called for every row: trim only when the cell could shrink to the header's first name.
      if (first.length <= header[0]!.length) return false;
      const a = first.charCodeAt(0);
      const b = first.charCodeAt(first.length - 1);
      if (a > 32 && a < 127 && b > 32 && b < 127) return false;
      if (first.trim() !== header[0]) return false;
    }
    for (let c = 1; c < row.length; c++) if (row[c]!.trim() !== header[c]) return false;
    return true;
  }

  /** `isHeader` for the fields of a plain block, given by `bounds` (as in `consumePlain`). */
  private isHeaderAt(text: string, bounds: Int32Array): boolean {
    const header = this.header!;
    const first = header[0]!;
    const a = bounds[0]!;
    const b = bounds[1]! - 1;
    if (b - a !== first.length || !text.startsWith(first, a)) {
      // Called for every row: cut the cell out only when it could trim down to the header's first name.
      if (b - a <= first.length) return false;
      const x = text.charCodeAt(a);
      const y = text.charCodeAt(b - 1);
      if (x > 32 && x < 127 && y > 32 && y < 127) return false;
      if (text.slice(a, b).trim() !== first) return false;
    }
    for (let c = 1; c < header.length; c++) {
      if (text.slice(bounds[c]!, bounds[c + 1]! - 1).trim() !== header[c]) return false;
    }
    return true;
  }

  private skip(line: number, reason: string): void {
    this.skippedCount++;
    if (this.skipped.length < this.maxReportedSkips) this.skipped.push({ line, reason });
  }

  private result(): ImportResult {
    const dialect = this.dialect!;
    if (this.header === null) throw new CsvImportError('The file is empty: it has only blank lines.');
    if (this.rowCount === 0) {
      if (this.fieldCountSkips > 0) {
        throw new CsvImportError(
          `None of the ${plural(this.skippedCount, 'data line')} could be read: each has a different number of fields than the header on line ${this.headerLine} (${this.builders.length}). Check that the file is a CSV table with one header line.`,
        );
      }
      throw new CsvImportError(`The file has a header line (line ${this.headerLine}) but no data rows.`);
    }

    const columns: Column[] = [];
    const coerced: CoercedTokens[] = [];
    const warnings: string[] = [...this.renamed];
    for (const builder of this.builders) {
      const built = builder.finish();
      columns.push(built.column);
      if (built.coerced !== null) {
        coerced.push(built.coerced);
        const total = built.coerced.tokens.reduce((n, t) => n + t.count, 0);
        const list = built.coerced.tokens
          .map((t) => `"${t.token}" (${plural(t.count, 'time')}, first on line ${t.firstLine})`)
          .join(', ');
        warnings.push(
          `Column "${built.column.name}" is numeric, but ${plural(total, 'value')} in it ${total === 1 ? 'is' : 'are'} not a number and ${total === 1 ? 'was' : 'were'} read as missing: ${list}.`,
        );
      }
    }
    if (this.fieldCountSkips > 0) {
      warnings.push(
        `${plural(this.fieldCountSkips, 'line')} had a different number of fields than the header (${this.builders.length}) and ${this.fieldCountSkips === 1 ? 'was' : 'were'} skipped; the first is line ${this.firstFieldCountSkip}.`,
      );
    }
    if (this.repeatedHeaders > 0) {
      warnings.push(
        `The header line appears again ${plural(this.repeatedHeaders, 'time')} in the file (first on line ${this.firstRepeatedHeader}); those lines were skipped.`,
      );
    }
    const otherSkips = this.skippedCount - this.fieldCountSkips - this.repeatedHeaders;
    if (otherSkips > 0) {
      warnings.push(`${plural(otherSkips, 'line')} with malformed quotes ${otherSkips === 1 ? 'was' : 'were'} skipped.`);
    }

    return {
      table: { columns, rowCount: this.rowCount, sourceLines: this.sourceLines.slice(0, this.rowCount) },
      report: {
        delimiter: dialect.delimiter,
        lineEnding: dialect.lineEnding,
        hadBom: this.hadBom,
        skipped: this.skipped,
        skippedCount: this.skippedCount,
        blankLines: this.blankLines,
        repeatedHeaders: this.repeatedHeaders,
        coerced,
        warnings,
        bytes: this.bytes,
      },
    };
  }
}

function isAsyncIterable(x: unknown): x is AsyncIterable<string> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

/**
 * Imports CSV text given whole or as chunks split anywhere, into a Table and a report of everything
 * skipped or changed. Throws CsvImportError for input that is not a table (empty, header only, binary,
 * not UTF-8) and an Error named AbortError when `options.signal` is aborted.
 * Cost: one pass, O(bytes); memory about the finished table plus one block of text.
 */
export async function importCsv(
  source: string | Iterable<string> | AsyncIterable<string>,
  options: CsvImportOptions = {},
): Promise<ImportResult> {
  const importer = new CsvImporter(options);
  if (typeof source === 'string') importer.push(source);
  else if (isAsyncIterable(source)) for await (const chunk of source) importer.push(chunk);
  else for (const chunk of source) importer.push(chunk);
  return importer.finish();
}

/** `importCsv` for text already in memory, synchronously. */
export function importCsvText(text: string | Iterable<string>, options: CsvImportOptions = {}): ImportResult {
  const importer = new CsvImporter(options);
  if (typeof text === 'string') importer.push(text);
  else for (const chunk of text) importer.push(chunk);
  return importer.finish();
}
