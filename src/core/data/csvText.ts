/**
 * Text helpers of the CSV importer (csv.ts): byte and line counting, blank checks, header names.
 * Pure string functions, kept apart so csv.ts reads as the importer's control flow.
 */
import type { LineEnding } from './sniff';

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 byte length of `s` (a lone surrogate counts as the 3 bytes of its replacement character). */
export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Physical line breaks inside a field: CR LF, CR and LF each count once (as editors count them). */
export function breaksIn(field: string): number {
  let k = field.indexOf('\n');
  const cr = field.indexOf('\r');
  if (cr >= 0 && (k < 0 || cr < k)) k = cr;
  if (k < 0) return 0;
  let n = 0;
  for (; k < field.length; k++) {
    const c = field.charCodeAt(k);
    if (c === 13) {
      n++;
      if (field.charCodeAt(k + 1) === 10) k++;
    } else if (c === 10) n++;
  }
  return n;
}

/** How many times `needle` occurs in `text` before `end`. */
export function occurrences(text: string, needle: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < end; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Whether `text.slice(start, end)` is empty or whitespace (as `trim` sees it). */
export function isBlank(text: string, start: number, end: number): boolean {
  if (start === end) return true;
  const c = text.charCodeAt(start);
  if (c > 32 && c < 127) return false;
  return text.slice(start, end).trim() === '';
}

/** Whether a quote-free block can hold line breaks other than its record separators. */
export function hasStrayBreaks(block: string, lineEnding: LineEnding): boolean {
  if (lineEnding === 'LF') return block.indexOf('\r') >= 0;
  if (lineEnding === 'CR') return block.indexOf('\n') >= 0;
  return /\r(?!\n)|(?<!\r)\n/.test(block);
}

/** Header names as the Table uses them: trimmed, empty ones named column_N, duplicates suffixed _2, _3... */
export function uniqueColumnNames(raw: readonly string[]): { names: string[]; renamed: string[] } {
  const names: string[] = new Array<string>(raw.length);
  const taken = new Set<string>();
  const renamed: string[] = [];
  // First occurrences keep their names, so a later "a_2" in the file is not displaced by a renamed "a".
  raw.forEach((name, i) => {
    if (name !== '' && !taken.has(name)) {
      taken.add(name);
      names[i] = name;
    }
  });
  raw.forEach((name, i) => {
    if (names[i] !== undefined) return;
    const base = name === '' ? `column_${i + 1}` : name;
    let candidate = base;
    for (let k = 2; taken.has(candidate); k++) candidate = `${base}_${k}`;
    taken.add(candidate);
    names[i] = candidate;
    renamed.push(
      name === ''
        ? `Column ${i + 1} has no name in the header; it is called "${candidate}".`
        : `The column name "${name}" appears more than once; column ${i + 1} is called "${candidate}".`,
    );
  });
  return { names, renamed };
}
