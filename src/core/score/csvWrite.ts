/**
 * CSV text for download (scored rows, reports): RFC 4180 quoting plus a guard against spreadsheet
 * formula injection, so a file built from user data can be opened in Excel or LibreOffice safely.
 *
 * - Fields are separated by `,` and records end with CRLF (RFC 4180), the last one included.
 * - A field holding a comma, a double quote, CR or LF is wrapped in double quotes, its quotes doubled.
 * - Numbers are written with `String(v)`: the shortest text that reads back as the same double. NaN and
 *   null are written as an empty field.
 * - Formula injection (OWASP "CSV Injection"): a text cell whose first character is `=`, `+`, `-`, `@`,
 *   tab or CR is prefixed with a single quote `'`, which spreadsheets show as text instead of running.
 *   Exception: a text that is a plain decimal number literal (`-3.5`, `+1e3`, `.5`) is kept as is: a
 *   spreadsheet reads it as a number, never as a formula, and prefixing it would turn a number column
 *   into text and break the round trip. Only the digits/sign/point/exponent grammar below counts, so
 *   `-2+3`, `-1,5`, `+inf` or `-0x1` are still prefixed.
 *
 * Written by hand rather than with papaparse's `unparse`: the whole rule is a few lines, `escapeCell` is
 * needed per cell, and `unparse` writes NaN as "NaN" and would need a lookahead RegExp for the
 * number-literal exception. The tests pin the rule down. Cost: O(total text).
 */

/** First characters that make a spreadsheet read a cell as a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number literal: optional sign, digits with an optional point, optional exponent. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Characters that force a field into quotes (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell as CSV field text: numbers via `String(v)` (NaN → empty), null → empty, text prefixed with
 * `'` when a spreadsheet could read it as a formula (see the module comment), then quoted if needed.
 */
export function escapeCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header and rows as one CSV text, every record (the header too) ended by CRLF. */
export function toCsv(header: readonly string[], rows: Iterable<readonly (string | number | null)[]>): string {
  const lines: string[] = [header.map(escapeCell).join(',')];
  for (const row of rows) lines.push(row.map(escapeCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
