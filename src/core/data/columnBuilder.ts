/**
 * Builds one column of the importer's Table cell by cell, deciding numeric or string storage only
 * once the whole column has been seen.
 *
 * Cells are parsed optimistically as numbers into a growable Float64Array, each with a one-byte format
 * code (numberText.ts), so that a column that ends as text can still show every cell exactly as
 * written. Cells that are not numbers (and the rare number spellings with no format code) are kept as
 * text in a sparse list. A column switches to dictionary codes as soon as it cannot be numeric any more
 * (more distinct non-numeric tokens than a "mostly numeric" column may have), so a text column costs
 * 4 bytes a cell plus its dictionary.
 */
import type { CoercedTokens, Column } from './table';
import { FORMAT_EXOTIC, FORMAT_LOSSLESS, FORMAT_NONE, NumberScanner, losslessText, numberText } from './numberText';

/** A mostly numeric column may hold at most this many distinct non-numeric tokens (read as missing). */
export const MAX_COERCED_DISTINCT = 5;
/** ...and at least this share of its non-missing cells must be numbers. */
export const MIN_NUMERIC_SHARE = 0.9;

/** Missing-value markers, normalized for the per-cell test. */
export class MissingMarkers {
  private readonly lower: Set<string>;
  private readonly maxLength: number;
  /** Markers that are themselves numbers (e.g. "-999"), checked against numeric cells too; null if none. */
  readonly numeric: Set<string> | null;

  constructor(markers: readonly string[], scanner: NumberScanner) {
    const trimmed = markers.map((m) => m.trim());
    this.lower = new Set(trimmed.map((m) => m.toLowerCase()));
    this.maxLength = Math.max(0, ...trimmed.map((m) => m.length));
    const numeric = trimmed.filter((m) => !Number.isNaN(scanner.scan(m)));
    this.numeric = numeric.length > 0 ? new Set(numeric) : null;
  }

  /** Whether a trimmed, non-empty cell is a marker (case-insensitive). */
  has(trimmed: string): boolean {
    return trimmed.length <= this.maxLength && this.lower.has(trimmed.toLowerCase());
  }
}

interface OtherToken {
  count: number;
  readonly firstLine: number;
}

/**
 * A copy of `s` that does not share memory with the (large) string it was cut from: V8 keeps the whole
 * parsed block alive for as long as any slice of it lives, and dictionary entries live on.
 */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

export interface BuiltColumn {
  readonly column: Column;
  /** Set when a mostly numeric column read some non-numeric tokens as missing. */
  readonly coerced: CoercedTokens | null;
}

export class ColumnBuilder {
  private length = 0;
  private capacity = 1024;
  private stringMode = false;

  // Numeric mode.
  private values: Float64Array | null = new Float64Array(this.capacity);
  private formats: Uint8Array | null = new Uint8Array(this.capacity);
  /** Text of the FORMAT_EXOTIC cells (non-numeric tokens and unusual number spellings), in row order. */
  private exoticTexts: string[] = [];
  /** Digits and layout of the FORMAT_LOSSLESS cells (4 numbers each, see NumberScanner), in row order. */
  private lossless = new Float64Array(64);
  private losslessLength = 0;
  private readonly others = new Map<string, OtherToken>();
  private numericCount = 0;
  private otherCount = 0;

  // String mode.
  private codes: Int32Array | null = null;
  private readonly dictionary: string[] = [];
  private readonly dictionaryIndex = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly scanner: NumberScanner,
    private readonly markers: MissingMarkers,
  ) {}

  /**
   * Appends one raw cell, `text.slice(start, end)` (untrimmed field text), read on 1-based source line
   * `line`. Taking a range lets the importer pass cells of a block without cutting them out first.
   */
  push(text: string, start: number, end: number, line: number): void {
    if (this.length === this.capacity) this.grow(this.capacity * 2);
    const row = this.length++;
    if (this.stringMode) {
      const t = text.slice(start, end).trim();
      this.codes![row] = t.length === 0 || this.markers.has(t) ? -1 : this.intern(t);
      return;
    }
    const v = this.scanner.scan(text, start, end);
    // The common case first, kept small: a plain number and no numeric missing markers.
    if (v === v && this.markers.numeric === null) {
      const format = this.scanner.format;
      this.values![row] = v;
      this.formats![row] = format;
      this.numericCount++;
      if (format === FORMAT_LOSSLESS) this.pushLossless();
      else if (format === FORMAT_EXOTIC) this.exoticTexts.push(ownCopy(text.slice(start, end).trim()));
      return;
    }
    this.pushOther(row, text.slice(start, end), v, line);
  }

  /** Reserves room for `rows` cells in total (an estimate from the file size saves regrowing). */
  reserve(rows: number): void {
    if (rows > this.capacity) this.grow(rows);
  }

  private pushOther(row: number, token: string, scanned: number, line: number): void {
    if (scanned === scanned) {
      this.pushNumber(row, scanned, token);
      return;
    }
    const values = this.values!;
    const formats = this.formats!;
    const t = token.trim();
    if (t.length === 0 || this.markers.has(t)) {
      values[row] = NaN;
      formats[row] = FORMAT_NONE;
      return;
    }
    // Whitespace the scanner does not skip (CR, no-break space...) around a number.
    if (t.length !== token.length) {
      const v = this.scanner.scan(t);
      if (v === v) {
        this.pushNumber(row, v, t);
        return;
      }
    }
    let other = this.others.get(t);
    let text = t;
    if (other === undefined) {
      text = ownCopy(t);
      other = { count: 0, firstLine: line };
      this.others.set(text, other);
    }
    other.count++;
    this.otherCount++;
    values[row] = NaN;
    formats[row] = FORMAT_EXOTIC;
    this.exoticTexts.push(text);
    if (this.others.size > MAX_COERCED_DISTINCT) this.switchToStrings();
  }

  private pushNumber(row: number, v: number, token: string): void {
    const numericMarkers = this.markers.numeric;
    if (numericMarkers !== null && numericMarkers.has(token.trim())) {
      this.values![row] = NaN;
      this.formats![row] = FORMAT_NONE;
      return;
    }
    this.values![row] = v;
    const format = this.scanner.format;
    this.formats![row] = format;
    this.numericCount++;
    if (format === FORMAT_LOSSLESS) this.pushLossless();
    else if (format === FORMAT_EXOTIC) this.exoticTexts.push(ownCopy(token.trim()));
  }

  private pushLossless(): void {
    const n = this.losslessLength;
    if (n + 4 > this.lossless.length) {
      const grown = new Float64Array(this.lossless.length * 2);
      grown.set(this.lossless);
      this.lossless = grown;
    }
    const scanner = this.scanner;
    this.lossless[n] = scanner.digitsHigh;
    this.lossless[n + 1] = scanner.digitsMid;
    this.lossless[n + 2] = scanner.digitsLow;
    this.lossless[n + 3] = scanner.layout;
    this.losslessLength = n + 4;
  }

  private intern(t: string): number {
    let code = this.dictionaryIndex.get(t);
    if (code === undefined) {
      code = this.dictionary.length;
      const own = ownCopy(t);
      this.dictionary.push(own);
      this.dictionaryIndex.set(own, code);
    }
    return code;
  }

  private grow(capacity: number): void {
    this.capacity = capacity;
    if (this.stringMode) {
      const codes = new Int32Array(capacity);
      codes.set(this.codes!.subarray(0, this.length));
      this.codes = codes;
      return;
    }
    const values = new Float64Array(capacity);
    values.set(this.values!.subarray(0, this.length));
    this.values = values;
    const formats = new Uint8Array(capacity);
    formats.set(this.formats!.subarray(0, this.length));
    this.formats = formats;
  }

  /** Re-creates every cell so far as text (exactly as written) and continues with dictionary codes. */
  private switchToStrings(): void {
    const values = this.values!;
    const formats = this.formats!;
    const codes = new Int32Array(this.capacity);
    const lossless = this.lossless;
    let e = 0;
    let l = 0;
    for (let row = 0; row < this.length; row++) {
      const format = formats[row]!;
      if (format === FORMAT_NONE) {
        codes[row] = -1;
      } else if (format === FORMAT_EXOTIC) {
        codes[row] = this.intern(this.exoticTexts[e++]!);
      } else if (format === FORMAT_LOSSLESS) {
        codes[row] = this.intern(losslessText(lossless[l]!, lossless[l + 1]!, lossless[l + 2]!, lossless[l + 3]!));
        l += 4;
      } else {
        codes[row] = this.intern(numberText(values[row]!, format)!);
      }
    }
    this.codes = codes;
    this.stringMode = true;
    this.values = null;
    this.formats = null;
    this.exoticTexts = [];
    this.lossless = new Float64Array(0);
  }

  /** Decides the storage and returns the finished column (exactly `rowCount` cells). */
  finish(): BuiltColumn {
    if (!this.stringMode) {
      const nonMissing = this.numericCount + this.otherCount;
      if (this.otherCount === 0) {
        return { column: { name: this.name, storage: 'numeric', values: this.values!.slice(0, this.length) }, coerced: null };
      }
      if (this.numericCount >= MIN_NUMERIC_SHARE * nonMissing) {
        const tokens = [...this.others]
          .map(([token, o]) => ({ token, count: o.count, firstLine: o.firstLine }))
          .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
        return {
          column: { name: this.name, storage: 'numeric', values: this.values!.slice(0, this.length) },
          coerced: { column: this.name, tokens },
        };
      }
      this.switchToStrings();
    }
    return {
      column: {
        name: this.name,
        storage: 'string',
        codes: this.codes!.slice(0, this.length),
        dictionary: this.dictionary,
      },
      coerced: null,
    };
  }
}
