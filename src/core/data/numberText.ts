/**
 * Number tokens of a CSV cell: a strict decimal grammar, a fast exact parser, and a one-byte "format
 * code" that lets the importer give back a number's exact original text later without keeping the text.
 *
 * Why a hand-written parser: `Number()` also accepts hex/binary/octal literals, "Infinity" and
 * whitespace-only cells (as 0), and it cannot tell us how the number was written. The grammar here is
 * `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`, optionally surrounded by spaces or tabs.
 * Values are exact (correctly rounded): up to 15 significant digits and a decimal scale of at most
 * ±22 both operands of the one multiplication/division are exact doubles (Clinger's fast path); other
 * tokens fall back to `Number()` on the already-validated text.
 *
 * Why format codes: the importer decides a column's storage only after the whole file, and a column
 * that ends as text must show each cell exactly as written ("1.50", "+3", "2.5E-03"). Keeping every
 * token's text would double the memory of a numeric import, so each number records how to re-create
 * its text from its value in one byte; rarer spellings ("007", "-0", 17-digit floats) record their
 * digits in four numbers, and only absurd ones (over 27 digits) keep their text.
 */

/** Not a number (missing or non-numeric cell); no text can be re-created. */
export const FORMAT_NONE = 0;
/** The text could not be encoded (more than 27 digits, or a huge exponent); the caller must keep it. */
export const FORMAT_EXOTIC = 1;
/**
 * Any other spelling ("007", "-0", "0.30000000000000004", "1.0e-05"): the digits and layout are in
 * the scanner's `lossless` fields, which the caller keeps (4 numbers) and passes to `losslessText`.
 */
export const FORMAT_LOSSLESS = 2;
/**
 * Scientific notation `d.ddd e±x` with up to 15 significant digits: 3 + fractionDigits * 8 + flags,
 * fractionDigits 0..14, flags: 1 = capital E, 2 = explicit '+' on a positive exponent, 4 = exponent
 * padded to two digits ("e-05").
 */
const SCI_BASE = 3;
const SCI_UPPER = 1;
const SCI_PLUS = 2;
const SCI_PAD2 = 4;
const SCI_MAX_FRACTION = 14;
/**
 * Plain decimal with up to 15 digits: 128 + fractionDigits (0..15) + flags, flags: 16 = leading '+',
 * 32 = trailing '.' with no fraction digits ("5."), 64 = no integer digits (".5").
 */
const FIXED_BASE = 128;
const FIXED_PLUS = 16;
const FIXED_TRAILING_DOT = 32;
const FIXED_BARE_FRACTION = 64;
const MAX_EXACT_DIGITS = 15;

/** Lossless layout: digits (int + fraction, as written) in three groups of 9, and a packed layout word. */
const LOSSLESS_MAX_DIGITS = 27;
const L_MINUS = 1;
const L_PLUS = 2;
const L_DOT = 4;
const L_EXP = 8;
const L_EXP_UPPER = 16;
const L_EXP_MINUS = 32;
const L_EXP_PLUS = 64;
const L_MAX_EXPONENT = 1 << 16;
const L_MAX_EXP_DIGITS = 15;

/** Exact powers of ten 10^0..10^22 (all exactly representable as doubles). */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Parses number tokens and remembers how the last one was written: `format`, plus the four `lossless`
 * numbers when `format === FORMAT_LOSSLESS`. One instance per import; `scan` allocates nothing.
 */
export class NumberScanner {
  /** Format code of the last token given to `scan` (FORMAT_NONE when it was not a number). */
  format = FORMAT_NONE;
  /** For FORMAT_LOSSLESS: the digits as three 9-digit groups (left-padded to 27) and the layout. */
  digitsHigh = 0;
  digitsMid = 0;
  digitsLow = 0;
  layout = 0;

  /**
   * The finite value of `s.slice(from, to)`, or NaN when that is not a number by this module's grammar
   * (that includes empty and whitespace-only strings, "NaN", "Infinity", hex, and numbers that
   * overflow to ±Infinity). The range form lets the importer read cells in place, without slicing.
   */
  scan(s: string, from = 0, to = s.length): number {
    this.format = FORMAT_NONE;
    // `c` is always the character at `i` (or -1 past the end): each character is read once.
    let i = from;
    let end = to;
    if (i >= end) return NaN;
    let c = s.charCodeAt(i);
    while (c === 32 || c === 9) {
      if (++i === end) return NaN;
      c = s.charCodeAt(i);
    }
    // Trailing blanks; there is a non-blank at i, so this stops there.
    let last = s.charCodeAt(end - 1);
    while (last === 32 || last === 9) last = s.charCodeAt(--end - 1);
    const start = i;

    let negative = false;
    let plus = false;
    if (c === 45 /* - */ || c === 43 /* + */) {
      negative = c === 45;
      plus = c === 43;
      c = ++i < end ? s.charCodeAt(i) : -1;
    }

    // Digits go into `mantissa` (leading zeros add nothing); it is exact while there are at most 15
    // significant digits. Leading zeros are skipped in their own loop to keep the digit loops minimal.
    const intStart = i;
    while (c === 48) c = ++i < end ? s.charCodeAt(i) : -1;
    const leadingZero = i > intStart;
    let mantissa = 0;
    const intSignificantStart = i;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = ++i < end ? s.charCodeAt(i) : -1;
    }
    const intDigits = i - intStart;
    let significant = i - intSignificantStart;
    let hasDot = false;
    let fracDigits = 0;
    if (c === 46 /* . */) {
      hasDot = true;
      c = ++i < end ? s.charCodeAt(i) : -1;
      const fracStart = i;
      if (significant === 0) while (c === 48) c = ++i < end ? s.charCodeAt(i) : -1;
      const fracSignificantStart = i;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = ++i < end ? s.charCodeAt(i) : -1;
      }
      fracDigits = i - fracStart;
      significant += i - fracSignificantStart;
    }
    if (intDigits + fracDigits === 0) return NaN;

    let hasExp = false;
    let expUpper = false;
    let expPlus = false;
    let expNegative = false;
    let exponent = 0;
    let expDigits = 0;
    if (c === 101 /* e */ || c === 69 /* E */) {
      hasExp = true;
      expUpper = c === 69;
      c = ++i < end ? s.charCodeAt(i) : -1;
      if (c === 45 || c === 43) {
        expNegative = c === 45;
        expPlus = c === 43;
        c = ++i < end ? s.charCodeAt(i) : -1;
      }
      while (c >= 48 && c <= 57) {
        // Capped: anything this large overflows or underflows anyway, and Number() decides which.
        if (exponent < 1_000_000) exponent = exponent * 10 + (c - 48);
        expDigits++;
        c = ++i < end ? s.charCodeAt(i) : -1;
      }
      if (expDigits === 0) return NaN;
    }
    if (i !== end) return NaN;

    const decimalExponent = expNegative ? -exponent : exponent;
    const scale = decimalExponent - fracDigits;
    let value: number;
    if (significant <= MAX_EXACT_DIGITS && scale >= -22 && scale <= 22) {
      value = scale === 0 ? mantissa : scale > 0 ? mantissa * POW10[scale]! : mantissa / POW10[-scale]!;
      if (negative) value = -value;
    } else {
      value = Number(start === 0 && end === s.length ? s : s.slice(start, end));
      if (!Number.isFinite(value)) return NaN;
    }

    if (negative && value === 0) {
      // "-0": the sign cannot be re-created from the value.
    } else if (!hasExp) {
      // Leading zeros are fine only as the single "0" of "0.5".
      if ((!leadingZero || intDigits === 1) && (leadingZero ? 0 : intDigits) + fracDigits <= MAX_EXACT_DIGITS) {
        this.format =
          FIXED_BASE +
          fracDigits +
          (plus ? FIXED_PLUS : 0) +
          (hasDot && fracDigits === 0 ? FIXED_TRAILING_DOT : 0) +
          (intDigits === 0 ? FIXED_BARE_FRACTION : 0);
        return value;
      }
    } else {
      // One non-zero digit before the point, exponent written without leading zeros or padded to two.
      const naturalDigits = exponent < 10 ? 1 : exponent < 100 ? 2 : 3;
      if (
        !plus &&
        intDigits === 1 &&
        !leadingZero &&
        (hasDot ? fracDigits > 0 : true) &&
        fracDigits <= SCI_MAX_FRACTION &&
        (expDigits === naturalDigits || (expDigits === 2 && exponent < 10)) &&
        decimalExponent >= -300 &&
        decimalExponent <= 300
      ) {
        this.format =
          SCI_BASE +
          fracDigits * 8 +
          (expUpper ? SCI_UPPER : 0) +
          (expPlus ? SCI_PLUS : 0) +
          (exponent < 10 && expDigits === 2 ? SCI_PAD2 : 0);
        return value;
      }
    }

    if (intDigits + fracDigits > LOSSLESS_MAX_DIGITS || exponent >= L_MAX_EXPONENT || expDigits > L_MAX_EXP_DIGITS) {
      this.format = FORMAT_EXOTIC;
      return value;
    }
    // Rarer spellings: record every digit as written, right-aligned in three 9-digit groups.
    let high = 0;
    let mid = 0;
    let low = 0;
    let fromRight = intDigits + fracDigits;
    for (let k = start; fromRight > 0; k++) {
      c = s.charCodeAt(k) - 48;
      if (c < 0 || c > 9) continue;
      fromRight--;
      if (fromRight < 9) low = low * 10 + c;
      else if (fromRight < 18) mid = mid * 10 + c;
      else high = high * 10 + c;
    }
    this.digitsHigh = high;
    this.digitsMid = mid;
    this.digitsLow = low;
    this.layout =
      intDigits +
      fracDigits * 32 +
      ((negative ? L_MINUS : 0) +
        (plus ? L_PLUS : 0) +
        (hasDot ? L_DOT : 0) +
        (hasExp ? L_EXP : 0) +
        (expUpper ? L_EXP_UPPER : 0) +
        (expNegative ? L_EXP_MINUS : 0) +
        (expPlus ? L_EXP_PLUS : 0)) *
        1024 +
      expDigits * 2 ** 17 +
      exponent * 2 ** 21;
    this.format = FORMAT_LOSSLESS;
    return value;
  }
}

/**
 * The original (trimmed) text of a number scanned with a fixed or scientific format code, or undefined
 * for the codes whose text needs more than the value (FORMAT_NONE, FORMAT_EXOTIC, FORMAT_LOSSLESS).
 */
export function numberText(value: number, format: number): string | undefined {
  if (format >= FIXED_BASE) {
    const f = format - FIXED_BASE;
    let text = Math.abs(value).toFixed(f & 15);
    if (f & FIXED_BARE_FRACTION) text = text.slice(1);
    if (f & FIXED_TRAILING_DOT) text += '.';
    return value < 0 ? `-${text}` : f & FIXED_PLUS ? `+${text}` : text;
  }
  if (format >= SCI_BASE) {
    const f = format - SCI_BASE;
    const exp = Math.abs(value).toExponential(f >> 3);
    const e = exp.indexOf('e');
    let expDigits = exp.slice(e + 2);
    if (f & SCI_PAD2 && expDigits.length < 2) expDigits = `0${expDigits}`;
    const sign = value < 0 ? '-' : '';
    const mark = f & SCI_UPPER ? 'E' : 'e';
    const expSign = exp.charAt(e + 1) === '-' ? '-' : f & SCI_PLUS ? '+' : '';
    return `${sign}${exp.slice(0, e)}${mark}${expSign}${expDigits}`;
  }
  return undefined;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The text of a FORMAT_LOSSLESS number from the scanner's `digitsHigh/Mid/Low` and `layout`. */
export function losslessText(high: number, mid: number, low: number, layout: number): string {
  const intDigits = layout % 32;
  const fracDigits = Math.floor(layout / 32) % 32;
  const flags = Math.floor(layout / 1024) % 128;
  const expDigits = Math.floor(layout / 2 ** 17) % 16;
  const exponent = Math.floor(layout / 2 ** 21);
  const digits = (pad(high, 9) + pad(mid, 9) + pad(low, 9)).slice(LOSSLESS_MAX_DIGITS - intDigits - fracDigits);
  let text = flags & L_MINUS ? '-' : flags & L_PLUS ? '+' : '';
  text += digits.slice(0, intDigits);
  if (flags & L_DOT) text += `.${digits.slice(intDigits)}`;
  if (flags & L_EXP) {
    text += flags & L_EXP_UPPER ? 'E' : 'e';
    text += flags & L_EXP_MINUS ? '-' : flags & L_EXP_PLUS ? '+' : '';
    text += pad(exponent, expDigits);
  }
  return text;
}
