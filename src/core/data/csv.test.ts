import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvImporter, importCsv, importCsvText, uniqueColumnNames, type CsvImportOptions } from './csv';
import { CsvImportError, type ImportReport, type ImportResult, type Table } from './table';
import { createRng } from '../util/random';
import { times } from './testTables';

type Cell = number | string | null;

/** Cells by column: numbers for numeric storage, strings for string storage, null for missing. */
function cells(table: Table): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = {};
  for (const col of table.columns) {
    const list: Cell[] = [];
    for (let i = 0; i < table.rowCount; i++) {
      if (col.storage === 'numeric') {
        const v = col.values[i]!;
        list.push(Number.isNaN(v) ? null : v);
      } else {
        const c = col.codes[i]!;
        list.push(c < 0 ? null : col.dictionary[c]!);
      }
    }
    out[col.name] = list;
  }
  return out;
}

function fingerprint({ table, report }: ImportResult): string {
  return JSON.stringify({ cells: cells(table), lines: Array.from(table.sourceLines), storage: storages(table), report });
}

function storages(table: Table): Record<string, string> {
  return Object.fromEntries(table.columns.map((c) => [c.name, c.storage]));
}

interface Case {
  name: string;
  input: string;
  options?: CsvImportOptions;
  cells: Record<string, Cell[]>;
  storage?: Record<string, 'numeric' | 'string'>;
  lines?: number[];
  report?: Partial<ImportReport>;
}

const cases: Case[] = [
  {
    name: 'UTF-8 BOM is stripped and reported',
    input: '\uFEFFa,b\n1,2\n',
    cells: { a: [1], b: [2] },
    report: { hadBom: true, lineEnding: 'LF', delimiter: ',' },
  },
  {
    name: 'CRLF line ends',
    input: 'a,b\r\n1,2\r\n3,4\r\n',
    cells: { a: [1, 3], b: [2, 4] },
    lines: [2, 3],
    report: { lineEnding: 'CRLF', hadBom: false },
  },
  {
    name: 'CR line ends, no final line break',
    input: 'a,b\r1,2\r3,4',
    cells: { a: [1, 3], b: [2, 4] },
    lines: [2, 3],
    report: { lineEnding: 'CR' },
  },
  {
    name: 'semicolon delimiter with decimal commas',
    input: 'x;y\n1,5;2\n3,25;4\n',
    cells: { x: ['1,5', '3,25'], y: [2, 4] },
    report: { delimiter: ';' },
  },
  {
    name: 'tab delimiter',
    input: 'x\ty\tz\n1\t2\t3\n',
    cells: { x: [1], y: [2], z: [3] },
    report: { delimiter: '\t' },
  },
  {
    name: 'delimiters inside quotes do not count when detecting',
    input: 'name;note\n"a,b,c";1\n"d,e,f,g";2\n',
    cells: { name: ['a,b,c', 'd,e,f,g'], note: [1, 2] },
    report: { delimiter: ';' },
  },
  {
    name: 'quoted fields: delimiter, doubled quotes, newlines (lines counted physically)',
    input: 'id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,"crlf\r\ninside"\n5,x\n',
    cells: { id: [1, 2, 3, 4, 5], text: ['a, b', 'say "hi"', 'two\nlines', 'crlf\r\ninside', 'x'] },
    lines: [2, 3, 4, 6, 8],
  },
  {
    name: 'blank and whitespace-only lines are skipped and counted',
    input: '\na,b\n\n1,2\n   \n\t\n3,4\n\n',
    cells: { a: [1, 3], b: [2, 4] },
    lines: [4, 7],
    report: { blankLines: 5, skippedCount: 0 },
  },
  {
    name: 'a repeated header line is skipped and reported',
    input: 'a,b\n1,2\na,b\n3,4\n a , b \n5,6\n',
    cells: { a: [1, 3, 5], b: [2, 4, 6] },
    lines: [2, 4, 6],
    report: {
      repeatedHeaders: 2,
      skippedCount: 2,
      skipped: [
        { line: 3, reason: 'the header line repeated' },
        { line: 5, reason: 'the header line repeated' },
      ],
    },
  },
  {
    name: 'rows with the wrong number of fields are skipped with their line, never padded',
    input: 'a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6,7\n1,2\n6,7,8,9,10\n',
    cells: { a: [1, 6], b: [2, 7], c: [3, 8], d: [4, 9], e: [5, 10] },
    lines: [2, 5],
    report: {
      skippedCount: 2,
      skipped: [
        { line: 3, reason: 'expected 5 fields, found 7' },
        { line: 4, reason: 'expected 5 fields, found 2' },
      ],
    },
  },
  {
    name: 'line numbers of bad rows count the lines of quoted newlines before them',
    input: 'a,b\n"x\ny\nz",1\n1,2,3\nw,4\n',
    cells: { a: ['x\ny\nz', 'w'], b: [1, 4] },
    lines: [2, 6],
    report: { skipped: [{ line: 5, reason: 'expected 2 fields, found 3' }] },
  },
  {
    name: 'missing markers in numeric and text columns',
    input: 'a,b\n1,NA\n,N/A\nnull,x\nNaN,?\n-,y\n 2 , nan \nn/a,NULL\n',
    cells: { a: [1, null, null, null, null, 2, null], b: [null, null, 'x', null, 'y', null, null] },
    storage: { a: 'numeric', b: 'string' },
  },
  {
    name: 'custom missing markers, including a numeric one',
    input: 'a,b\n1,none\n-999,x\n3,NA\n',
    options: { missingMarkers: ['', 'none', '-999'] },
    cells: { a: [1, null, 3], b: [null, 'x', 'NA'] },
  },
  {
    name: 'scientific notation, leading +, surrounding spaces',
    input: 'x\n1e3\n+5\n  2.5  \n-1.5E-2\n.5\n5.\n 6.02e+23\n',
    cells: { x: [1000, 5, 2.5, -0.015, 0.5, 5, 6.02e23] },
    storage: { x: 'numeric' },
  },
  {
    name: 'hex, Infinity and thousands separators are not numbers',
    input: 'x,y,z\n0x10,Infinity,"1,000"\n1,2,3\n',
    cells: { x: ['0x10', '1'], y: ['Infinity', '2'], z: ['1,000', '3'] },
    storage: { x: 'string', y: 'string', z: 'string' },
  },
  {
    name: 'a text column keeps numeric-looking cells exactly as written (trimmed)',
    input: 'code\nA1\n007\n 1.50 \n+3\n1e5\n-0\n0.30000000000000004\n2.5E-03\nB\n',
    cells: { code: ['A1', '007', '1.50', '+3', '1e5', '-0', '0.30000000000000004', '2.5E-03', 'B'] },
    storage: { code: 'string' },
  },
  {
    name: 'a column that turns out text after many numbers keeps their text',
    input: `v\n${Array.from({ length: 30 }, (_, i) => `${i}.${i % 10}0`).join('\n')}\n${['a', 'b', 'c', 'd', 'e', 'f'].join('\n')}\n`,
    cells: {
      v: [...Array.from({ length: 30 }, (_, i) => `${i}.${i % 10}0`), 'a', 'b', 'c', 'd', 'e', 'f'],
    },
    storage: { v: 'string' },
  },
  {
    name: 'a mostly numeric column reads its few non-numeric tokens as missing',
    input: `price\n${Array.from({ length: 18 }, (_, i) => String(i + 1)).join('\n')}\nunknown\n19\nunknown\n20\n`,
    cells: { price: [...Array.from({ length: 18 }, (_, i) => i + 1), null, 19, null, 20] },
    storage: { price: 'numeric' },
    report: { coerced: [{ column: 'price', tokens: [{ token: 'unknown', count: 2, firstLine: 20 }] }] },
  },
  {
    name: 'under 90% numbers: text',
    input: 'v\n1\n2\n3\nlow\nhigh\n',
    cells: { v: ['1', '2', '3', 'low', 'high'] },
    storage: { v: 'string' },
  },
  {
    name: 'header names: trimmed, empty ones numbered, duplicates suffixed',
    input: ',a,a, b ,,a_2\n1,2,3,4,5,6\n',
    cells: { column_1: [1], a: [2], a_3: [3], b: [4], column_5: [5], a_2: [6] },
  },
  {
    name: 'non-ASCII text is preserved',
    input: '名前,città,emoji\n東京,Zürich,😀\n"Ünïcödé, ok",Ελλάδα,🧪🔬\n',
    cells: { 名前: ['東京', 'Ünïcödé, ok'], città: ['Zürich', 'Ελλάδα'], emoji: ['😀', '🧪🔬'] },
  },
  {
    name: 'a trailing delimiter gives an empty last column',
    input: 'a,b,\n1,2,\n3,4,\n',
    cells: { a: [1, 3], b: [2, 4], column_3: [null, null] },
  },
  {
    name: 'a single column',
    input: 'x\n1\n2\n',
    cells: { x: [1, 2] },
    report: { delimiter: ',' },
  },
  {
    name: 'rows of empty fields are all-missing rows, not blank lines',
    input: 'a,b\n,\n1,2\n',
    cells: { a: [null, 1], b: [null, 2] },
    report: { blankLines: 0 },
  },
  {
    name: 'a quoted field that never closes is skipped, with the lines it swallowed',
    input: 'a,b\n0,1\n1,"oops\n2,3\n',
    cells: { a: [0], b: [1] },
    report: {
      skipped: [{ line: 3, reason: 'a quoted field starting on this line is never closed, so lines 3 to 5 could not be read' }],
    },
  },
  {
    name: 'malformed quotes that merge lines are skipped, not kept as a bogus row',
    input: 'a,b\n1,"abc"def\n2,"x"\n3,4\n',
    cells: { a: [3], b: [4] },
    lines: [4],
    report: {
      skippedCount: 1,
      skipped: [
        {
          line: 2,
          reason: 'malformed quotes (a quote inside a quoted field must be doubled, and a closing quote must end the field)',
        },
      ],
    },
  },
  {
    name: 'the skip list is capped but the count is exact',
    input: 'a,b\n1\n2\n3\n4\n5\n6,7\n',
    options: { maxReportedSkips: 2 },
    cells: { a: [6], b: [7] },
    report: {
      skippedCount: 5,
      skipped: [
        { line: 2, reason: 'expected 2 fields, found 1' },
        { line: 3, reason: 'expected 2 fields, found 1' },
      ],
    },
  },
  {
    name: 'quoted numbers are numbers; a quoted empty field is missing',
    input: 'a,b\n"1.5",""\n"2",x\n',
    cells: { a: [1.5, 2], b: [null, 'x'] },
  },
  {
    name: 'mixed line ends: CRLF rows in an LF file',
    input: 'a,b\n1,2\r\n3,"x\r\ny"\r\n5,6\n',
    cells: { a: [1, 3, 5], b: ['2', 'x\r\ny', '6'] },
    lines: [2, 3, 5],
    report: { lineEnding: 'LF' },
  },
];

describe('importCsv: table-driven cases', () => {
  it.each(cases)('$name', (c) => {
    const { table, report } = importCsvText(c.input, c.options);
    expect(cells(table)).toEqual(c.cells);
    expect(table.rowCount).toBe(Object.values(c.cells)[0]!.length);
    if (c.storage) expect(storages(table)).toMatchObject(c.storage);
    if (c.lines) expect(Array.from(table.sourceLines)).toEqual(c.lines);
    if (c.report) expect(report).toMatchObject(c.report);
    // The same input in one-character chunks, and in blocks of any size, gives the same result.
    expect(importCsvText([...c.input], c.options)).toEqual({ table, report });
    for (const blockChars of [1, 2, 3, 5, 8, 13]) {
      expect(importCsvText(c.input, { ...c.options, blockChars })).toEqual({ table, report });
    }
  });
});

describe('importCsv: report details', () => {
  it('names coerced tokens with counts and first line in a warning', () => {
    const rows = Array.from({ length: 40 }, (_, i) => String(i));
    rows[10] = '?';
    rows[12] = 'n.a.';
    rows[20] = 'n.a.';
    rows[30] = 'err';
    const { report } = importCsvText(`v\n${rows.join('\n')}\n`);
    expect(report.coerced).toEqual([
      {
        column: 'v',
        tokens: [
          { token: 'n.a.', count: 2, firstLine: 14 },
          { token: 'err', count: 1, firstLine: 32 },
        ],
      },
    ]);
    expect(report.warnings).toContain(
      'Column "v" is numeric, but 3 values in it are not a number and were read as missing: "n.a." (2 times, first on line 14), "err" (1 time, first on line 32).',
    );
  });

  it('warns about skipped rows, repeated headers and renamed columns', () => {
    const { report } = importCsvText('a,a\n1,2\n1,2,3\na,a\n3,4\n');
    expect(report.warnings).toEqual([
      'The column name "a" appears more than once; column 2 is called "a_2".',
      '1 line had a different number of fields than the header (2) and was skipped; the first is line 3.',
      'The header line appears again 1 time in the file (first on line 4); those lines were skipped.',
    ]);
  });

  it('counts bytes as UTF-8, including the BOM', () => {
    expect(importCsvText('\uFEFFa\né\n😀x\n').report.bytes).toBe(3 + 2 + 3 + 5 + 1);
  });
});

describe('importCsv: not a table', () => {
  const failures: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['only a BOM', '\uFEFF', /empty/],
    ['only blank lines', '\n  \n\r\n\t\n', /empty/],
    ['header only', 'a,b,c\n', /header line \(line 1\) but no data rows/],
    ['header and blank lines', '\n\na,b\n\n\n', /header line \(line 3\) but no data rows/],
    ['binary (NUL bytes)', 'PK\u0003\u0004\u0000\u0000\u0008\u0000abc', /binary data/],
    ['not UTF-8', 'name,city\nJos\uFFFD,Z\uFFFDrich\n', /not UTF-8/],
    ['control characters', 'a\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\n1\n', /control characters/],
    ['no row matches the header', 'a,b\n1,2,3\n4\n', /None of the 2 data lines could be read/],
    ['header with broken quotes', '"a,b\n1,2\n', /header line \(line 1\) has malformed quotes/],
  ];
  it.each(failures)('%s → CsvImportError', (_name, input, message) => {
    expect(() => importCsvText(input)).toThrow(CsvImportError);
    expect(() => importCsvText(input)).toThrow(message);
  });
});

describe('importCsv: streaming API', () => {
  it('reads async chunks, reports progress at the end, and accepts iterables', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield 'a,b\r';
      yield '\n1,"x';
      yield '\r\ny"\r\n2,z';
    }
    const progress: number[] = [];
    const result = await importCsv(chunks(), { onProgress: (b) => progress.push(b) });
    expect(cells(result.table)).toEqual({ a: [1, 2], b: ['x\r\ny', 'z'] });
    expect(progress.at(-1)).toBe(result.report.bytes);
    expect(await importCsv(['a,b\r', '\n1,"x\r\ny"\r\n2,z'])).toEqual(result);
    expect(await importCsv('a,b\r\n1,"x\r\ny"\r\n2,z')).toEqual(result);
  });

  it('throws AbortError between chunks once aborted', async () => {
    const signal = { aborted: false };
    async function* chunks(): AsyncGenerator<string> {
      yield 'a,b\n1,2\n';
      signal.aborted = true;
      yield '3,4\n';
    }
    await expect(importCsv(chunks(), { signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops within a block once aborted, even inside one big string', () => {
    const signal = { aborted: false };
    const text = `a,b\n${'1,2\n'.repeat(1_000_000)}`;
    const progress: number[] = [];
    const run = () =>
      importCsvText(text, {
        signal,
        onProgress: (b) => {
          progress.push(b);
          signal.aborted = true;
        },
      });
    expect(run).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(progress).toHaveLength(1);
  });

  it('reports progress about once per megabyte on large input', () => {
    const progress: number[] = [];
    const importer = new CsvImporter({ onProgress: (b) => progress.push(b) });
    importer.push('a,b\n');
    const row = '123456,7.5\n';
    for (let i = 0; i < 400_000; i++) importer.push(row);
    const { table, report } = importer.finish();
    expect(table.rowCount).toBe(400_000);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.length).toBeLessThanOrEqual(6);
    expect(progress.at(-1)).toBe(report.bytes);
  });

  it('sizes columns from totalBytes without depending on it being right', () => {
    const text = `a,b\n${times(120_000, (i) => `${i},${i % 3 === 0 ? 'x' : i / 4}`).join('\n')}\n`;
    const plain = importCsvText(text);
    for (const totalBytes of [10, text.length, text.length * 5]) {
      const sized = importCsvText(text, { totalBytes });
      expect(fingerprint(sized) === fingerprint(plain)).toBe(true);
    }
    expect(plain.table.columns[1]!.storage).toBe('string');
  });

  it('keeps a quoted field that spans many blocks', () => {
    const long = 'x'.repeat(3_000_000);
    const { table } = importCsvText(['a,b\n1,"', long, '\n', long, '"\n2,z\n']);
    expect(cells(table).b).toEqual([`${long}\n${long}`, 'z']);
    expect(Array.from(table.sourceLines)).toEqual([2, 4]);
  });
});

describe('importCsv: chunk-boundary independence on a multi-block file', () => {
  it('gives the same table for random chunk sizes across sniffing and block boundaries', () => {
    const rng = createRng(5);
    const rows: string[] = ['id;name;value;note'];
    for (let i = 0; i < 60_000; i++) {
      const note = rng() < 0.05 ? `"multi\r\nline ""${i}"";"` : rng() < 0.02 ? 'NA' : `n${i}`;
      const value = rng() < 0.01 ? 'oops' : (rng() * 1000).toFixed(3);
      rows.push(rng() < 0.001 ? 'id;name;value;note' : rng() < 0.002 ? `${i};bad` : `${i};Ünï ${i % 7};${value};${note}`);
    }
    const text = `\uFEFF${rows.join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(1_500_000);
    const whole = importCsvText(text);
    expect(whole.report.delimiter).toBe(';');
    expect(whole.report.lineEnding).toBe('CRLF');
    for (const maxChunk of [7, 4096, 65_537, 300_000]) {
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        // Tiny chunks around the sniffing sample (64 K characters), then up to `maxChunk`.
        const size = 1 + Math.floor(rng() * (at < 150_000 ? 3 : maxChunk));
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      // Compared as one string: a structural diff of 60 000-row tables is what would be slow here.
      expect(fingerprint(importCsvText(chunks)) === fingerprint(whole)).toBe(true);
    }
  });
});

describe('uniqueColumnNames', () => {
  it('keeps first occurrences and suffixes the rest', () => {
    expect(uniqueColumnNames(['a', '', 'a', 'a_2', 'a']).names).toEqual(['a', 'column_2', 'a_3', 'a_2', 'a_4']);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties: a table written as CSV (any quoting, line ending, BOM, chunking) reads back identically.

const MARKERS = new Set(['', 'na', 'n/a', 'null', 'nan', '?', '-']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DELIMS = [',', ';', '\t'];

const cellArb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('1.50', '+3', '007', '1e5', '-0', '.5', 'NA', 'x', ''),
  fc
    .array(fc.constantFrom('a', 'Z', '1', '.', ',', ';', '\t', '"', '\n', '\r\n', '\r', ' ', 'é', '東', '😀', '-', 'e'), {
      maxLength: 8,
    })
    .map((parts) => parts.join('')),
);
const nameArb = fc
  .array(fc.constantFrom('a', 'b', 'Q', '_', ' ', ',', '"', 'ü', '1'), { minLength: 1, maxLength: 6 })
  .map((p) => p.join('').trim())
  .filter((s) => s !== '' && !/^column_\d+$/.test(s));

const tableArb = fc
  .integer({ min: 1, max: 5 })
  .chain((ncols) =>
    fc.record({
      names: fc.uniqueArray(nameArb, { minLength: ncols, maxLength: ncols }),
      rows: fc.array(fc.array(cellArb.map((s) => s.trim()), { minLength: ncols, maxLength: ncols }), {
        minLength: 1,
        maxLength: 8,
      }),
    }),
  )
  .filter(({ names, rows }) =>
    rows.every(
      (row) =>
        // A single-column row that is empty would be a blank line, and a row equal to the header a repeated header.
        !(row.length === 1 && row[0] === '') && row.some((cell, c) => cell !== names[c]),
    ),
  );

interface Written {
  text: string;
  lines: number[];
}

/** Writes CSV like a careful writer: quotes any field that holds a delimiter candidate, quote or line break. */
function writeCsv(names: string[], rows: string[][], delimiter: string, newline: string, quoteAll: boolean[], bom: boolean, finalNewline: boolean): Written {
  let k = 0;
  const field = (s: string): string => {
    const needs = /[,;\t"\r\n]/.test(s) || s !== s.trim();
    return needs || quoteAll[k++ % quoteAll.length] ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const breaks = (s: string): number => (s.match(/\r\n|\r|\n/g) ?? []).length;
  const lines: number[] = [];
  let line = 1;
  const out = [names.map(field).join(delimiter)];
  line += 1 + names.reduce((n, s) => n + breaks(s), 0);
  for (const row of rows) {
    lines.push(line);
    out.push(row.map(field).join(delimiter));
    line += 1 + row.reduce((n, s) => n + breaks(s), 0);
  }
  return { text: (bom ? '\uFEFF' : '') + out.join(newline) + (finalNewline ? newline : ''), lines };
}

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(text.slice(last, p));
    last = p;
  }
  chunks.push(text.slice(last));
  return chunks;
}

function expectedColumn(cellsIn: string[]): { storage: 'numeric' | 'string'; cells: Cell[] } {
  const present = cellsIn.filter((s) => !MARKERS.has(s.toLowerCase()));
  const numeric = present.filter((s) => NUMBER.test(s) && Number.isFinite(Number(s)));
  const others = new Set(present.filter((s) => !numeric.includes(s)));
  const isNumeric = others.size === 0 || (others.size <= 5 && numeric.length >= 0.9 * present.length);
  return isNumeric
    ? {
        storage: 'numeric',
        cells: cellsIn.map((s) => (MARKERS.has(s.toLowerCase()) || !NUMBER.test(s) || !Number.isFinite(Number(s)) ? null : Number(s))),
      }
    : { storage: 'string', cells: cellsIn.map((s) => (MARKERS.has(s.toLowerCase()) ? null : s)) };
}

describe('importCsv: properties', () => {
  it('reads back any table written with any quoting, line ending and chunking', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.constantFrom(...DELIMS),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 64 }),
        ({ names, rows }, delimiter, newline, quoteAll, bom, finalNewline, cuts, blockChars) => {
          const { text, lines } = writeCsv(names, rows, delimiter, newline, quoteAll, bom, finalNewline);
          const result = importCsvText(splitAt(text, cuts), { blockChars });
          const { table, report } = result;
          expect(table.columns.map((c) => c.name)).toEqual(names);
          expect(Array.from(table.sourceLines)).toEqual(lines);
          expect(report.skippedCount).toBe(0);
          expect(report.hadBom).toBe(bom);
          if (names.length > 1) expect(report.delimiter).toBe(delimiter);
          const got = cells(table);
          names.forEach((name, c) => {
            const expected = expectedColumn(rows.map((r) => r[c]!));
            expect(table.columns[c]!.storage).toBe(expected.storage);
            expect(got[name]).toEqual(expected.cells);
          });
        },
      ),
      { numRuns: 600, seed: 1 },
    );
  });

  it('gives the same result (or the same error) for any split of any input', () => {
    const text = fc
      .array(fc.constantFrom('a', '1', '2.5', ',', ';', '\t', '"', '""', '\r', '\n', '\r\n', ' ', 'é', 'NA', '\uFEFF', 'x,y'), {
        maxLength: 40,
      })
      .map((p) => p.join(''));
    const outcome = (input: string | string[], options?: CsvImportOptions): ImportResult | string => {
      try {
        return importCsvText(input, options);
      } catch (e) {
        return (e as Error).message;
      }
    };
    fc.assert(
      fc.property(
        text,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 32 }),
        (input, cuts, blockChars) => {
          // Tiny blocks mix the quote-free fast path and papaparse's parser within one input.
          expect(outcome(splitAt(input, cuts), { blockChars })).toEqual(outcome(input));
        },
      ),
      { numRuns: 4000, seed: 2 },
    );
  });
});
