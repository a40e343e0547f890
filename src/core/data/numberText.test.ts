import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMAT_EXOTIC, FORMAT_LOSSLESS, FORMAT_NONE, NumberScanner, losslessText, numberText } from './numberText';

/** The grammar, independently: what `scan` must accept, with `Number` as the value oracle. */
const GRAMMAR = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/;

function textBack(scanner: NumberScanner, value: number): string | undefined {
  if (scanner.format === FORMAT_LOSSLESS) {
    return losslessText(scanner.digitsHigh, scanner.digitsMid, scanner.digitsLow, scanner.layout);
  }
  return numberText(value, scanner.format);
}

describe('NumberScanner.scan', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+5', 5],
    ['  2.5  ', 2.5],
    ['\t3\t', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['-.25', -0.25],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['-1.5e+2', -150],
    ['6.02214076e23', 6.02214076e23],
    ['0.1', 0.1],
    ['0.30000000000000004', 0.30000000000000004],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['1e-400', 0],
    ['007', 7],
    ['9007199254740993', 9007199254740992],
  ];
  it.each(cases)('reads %j as %d', (text, value) => {
    const scanner = new NumberScanner();
    expect(scanner.scan(text)).toBe(value);
  });

  const rejected = ['', '   ', '-', '+', '.', 'e5', '1e', '1e+', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1,5', '1 000', '1_000', '1e400', '--1', '1.2.3', '١٢'];
  it.each(rejected)('rejects %j', (text) => {
    const scanner = new NumberScanner();
    expect(scanner.scan(text)).toBeNaN();
    expect(scanner.format).toBe(FORMAT_NONE);
  });

  it('gives back exactly the trimmed text of every spelling', () => {
    const spellings = ['0', '-0', '+0', '0.0', '-0.0', '1.50', '+3', '5.', '.5', '-.5', '007', '00.5', '1e5', '1E5', '1e+05',
      '2.5E-03', '-1.0e-10', '6.02214076e23', '0.30000000000000004', '0.8444218515250481', '1.234567890123456789e-01',
      '123456789012345678', '12345678901234567890.123', '1e0', '1.e5', '+1.5e3', '9.99e300', '1e-320', '0e0',
      '123456789012345678901234567890'];
    const scanner = new NumberScanner();
    for (const s of spellings) {
      const v = scanner.scan(s);
      expect(v, s).toBe(Number(s));
      if (scanner.format === FORMAT_EXOTIC) continue;
      expect(textBack(scanner, v), s).toBe(s);
    }
    scanner.scan('123456789012345678901234567890');
    expect(scanner.format).toBe(FORMAT_EXOTIC);
  });

  it('agrees with Number on the grammar and re-creates the text (property)', () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    const token = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        digits(0, 20),
        fc.option(digits(0, 20)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 4))),
      )
      .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`);
    const scanner = new NumberScanner();
    fc.assert(
      fc.property(fc.oneof(token, fc.double().map(String), fc.integer().map(String)), (s) => {
        const v = scanner.scan(s);
        const expected = GRAMMAR.test(s) && Number.isFinite(Number(s)) ? Number(s) : NaN;
        expect(Object.is(v, expected) || (v === 0 && expected === 0)).toBe(true);
        if (!Number.isNaN(v) && scanner.format !== FORMAT_EXOTIC) expect(textBack(scanner, v)).toBe(s.trim());
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
