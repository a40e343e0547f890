// CSV writing: RFC 4180 quoting, full-precision numbers, and the formula-injection guard with its
// number-literal exception; a property test reads the output back with papaparse.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { escapeCell, toCsv } from './csvWrite';

describe('escapeCell', () => {
  it.each<[string | number | null, string]>([
    // formula injection (OWASP): prefixed with '
    ['=1+2', "'=1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['\tstart', "'\tstart"],
    ['\rstart', `"'\rstart"`],
    ['-', "'-"],
    ['+inf', "'+inf"],
    ['-Infinity', "'-Infinity"],
    ['-1,5', `"'-1,5"`],
    ['-0x1F', "'-0x1F"],
    ['-1e', "'-1e"],
    // plain decimal number literals are harmless and kept
    ['-3.5', '-3.5'],
    ['+1e3', '+1e3'],
    ['-.5', '-.5'],
    ['+7.', '+7.'],
    ['-2E-7', '-2E-7'],
    // not at the start: nothing to guard
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    // RFC 4180 quoting
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
    // numbers: shortest round trip, never prefixed
    [0.1, '0.1'],
    [-3.5, '-3.5'],
    [1 / 3, '0.3333333333333333'],
    [1e21, '1e+21'],
    [-0, '0'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [NaN, ''],
    [null, ''],
  ])('%j → %j', (value, expected) => {
    expect(escapeCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('writes the header and each row as CRLF-terminated records', () => {
    expect(toCsv(['id', 'score, %'], [[1, 0.25], ['=x', null]])).toBe('id,"score, %"\r\n1,0.25\r\n\'=x,\r\n');
  });

  it('writes a header-only file for no rows, and escapes a hostile header', () => {
    expect(toCsv(['=cmd()', 'ok'], [])).toBe("'=cmd(),ok\r\n");
  });

  it('reads back with papaparse: every cell as written, the quote prefix only on dangerous text', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '=', '+', '-', '@', '\t', '\r', '\n', ',', '"', "'", '1', '.', 'e', ' ') }),
      fc.string(),
      fc.double(),
      fc.constantFrom('-3.5', '+1e3', '=1+2', '-2+3'),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((w) => fc.tuple(fc.array(fc.string(), { minLength: w, maxLength: w }), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 5 }))), ([header, rows]) => {
        const text = toCsv(header, rows);
        const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n', quoteChar: '"' });
        expect(parsed.errors).toEqual([]);
        // The final CRLF yields one empty record after the last one.
        expect(parsed.data.at(-1)).toEqual(['']);
        const expected = [header, ...rows].map((row) =>
          row.map((v) => {
            if (v === null || (typeof v === 'number' && Number.isNaN(v))) return '';
            if (typeof v === 'number') return String(v);
            const dangerous = /^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v);
            return dangerous ? `'${v}` : v;
          }),
        );
        expect(parsed.data.slice(0, -1)).toEqual(expected);
        // Numbers come back as the same double (-0 as 0).
        rows.forEach((row, i) =>
          row.forEach((v, j) => {
            if (typeof v === 'number' && !Number.isNaN(v)) expect(Number(parsed.data[i + 1]![j])).toBe(v + 0);
          }),
        );
      }),
      { numRuns: 500, seed: 20240611 },
    );
  });
});
