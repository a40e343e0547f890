import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import {
  BARE_NAME,
  evaluateFormula,
  FORMULA_FUNCTIONS,
  FormulaError,
  formulaColumns,
  MAX_FORMULA_DEPTH,
  parseFormula,
  type BinaryOp,
  type FormulaFunction,
} from './formula';
import { formulaNode } from './formulaNode';
import { names, nums, run } from './testing';

const cols: Record<string, number[]> = {
  a: [1, 2, NaN, -3],
  b: [4, 0, 5, 2],
  'Beak Length (mm)': [10, 20, 30, 40],
};
const known = (name: string) => Object.hasOwn(cols, name);
const calc = (text: string): number[] =>
  Array.from(evaluateFormula(parseFormula(text, known), (name) => Float64Array.from(cols[name]!), 4));

describe('formula: evaluation by hand', () => {
  it.each([
    { text: '1 + 2 * 3', expected: [7, 7, 7, 7] },
    { text: '(1 + 2) * 3', expected: [9, 9, 9, 9] },
    { text: '2 ^ 3 ^ 2', expected: [512, 512, 512, 512] }, // right-associative
    { text: '-2 ^ 2', expected: [-4, -4, -4, -4] }, // -(2^2)
    { text: '2 ^ -1', expected: [0.5, 0.5, 0.5, 0.5] },
    { text: '10 - 4 - 3', expected: [3, 3, 3, 3] },
    { text: '8 / 4 / 2', expected: [1, 1, 1, 1] },
    { text: '.5e1 + 1.', expected: [6, 6, 6, 6] },
    { text: 'a + b', expected: [5, 2, NaN, -1] },
    { text: 'a / b', expected: [0.25, NaN, NaN, -1.5] }, // 2/0 is not finite → missing
    { text: '`Beak Length (mm)` / 10', expected: [1, 2, 3, 4] },
    { text: 'abs(a) + sqrt(b)', expected: [3, 2, NaN, 3 + Math.SQRT2] },
    { text: 'log(b)', expected: [Math.log(4), NaN, Math.log(5), Math.log(2)] }, // log(0) = -Infinity → missing
    { text: 'log1p(b) - exp(0)', expected: [Math.log(5) - 1, -1, Math.log(6) - 1, Math.log(3) - 1] },
    { text: 'min(a, b, 3)', expected: [1, 0, NaN, -3] },
    { text: 'MAX(a, b)', expected: [4, 2, NaN, 2] },
    { text: 'pow(b, 0.5)', expected: [2, 0, Math.sqrt(5), Math.SQRT2] },
    { text: 'a ^ 0', expected: [1, 1, NaN, 1] }, // missing stays missing even where Math.pow(NaN, 0) is 1
    { text: 'clip(b, 1, 4.5)', expected: [4, 1, 4.5, 2] },
    { text: '--a', expected: [1, 2, NaN, -3] },
  ])('$text', ({ text, expected }) => {
    expect(calc(text)).toEqual(expected);
  });

  it('lists the columns read, once each', () => {
    expect(formulaColumns(parseFormula('a * b + max(a, `Beak Length (mm)`)'))).toEqual(['a', 'b', 'Beak Length (mm)']);
    expect(formulaColumns(parseFormula('`a``b` + log'))).toEqual(['a`b', 'log']);
  });
});

describe('formula: errors say what and where (1-based)', () => {
  it.each([
    { text: 'a + x', message: 'Unknown column "x" at 5', start: 4 },
    { text: 'min(a, b', message: "Expected ',' or ')' but found end of formula at 9", start: 8 },
    { text: '(a + 1', message: "Expected ')' but found end of formula at 7", start: 6 },
    { text: 'a + ', message: "Expected a number, a column or '(' but found end of formula at 5", start: 4 },
    { text: 'a b', message: 'Expected an operator (+ - * / ^) but found "b" at 3', start: 2 },
    { text: 'a)', message: "Unexpected ')' at 2", start: 1 },
    { text: 'foo(a)', message: 'Unknown function "foo" at 1', start: 0 },
    { text: 'log(a, b)', message: 'log takes 1 argument, got 2 at 1', start: 0 },
    { text: '1 + clip(a)', message: 'clip takes 3 arguments, got 1 at 5', start: 4 },
    { text: 'max(a)', message: 'max takes at least 2 arguments, got 1 at 1', start: 0 },
    { text: 'a + `b', message: 'Unterminated `quoted column name` at 5', start: 4 },
    { text: 'a # b', message: 'Unexpected character "#" at 3', start: 2 },
    { text: '+a', message: "Expected a number, a column or '(' but found '+' at 1", start: 0 },
    { text: '   ', message: 'Write a formula, e.g. log1p(income) / `household size` at 1', start: 0 },
  ])('$text → $message', ({ text, message, start }) => {
    let error: unknown;
    try {
      parseFormula(text, known);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormulaError);
    expect((error as FormulaError).message).toBe(`Formula: ${message}`);
    expect((error as FormulaError).start).toBe(start);
  });

  it('refuses deep nesting and long chains instead of overflowing the stack', () => {
    expect(() => parseFormula('('.repeat(5000) + '1' + ')'.repeat(5000))).toThrow(FormulaError);
    expect(() => parseFormula('-'.repeat(9000) + '1')).toThrow(FormulaError);
    expect(() => parseFormula(Array.from({ length: 2000 }, () => '1').join('+'))).toThrow(/levels/);
    expect(() => parseFormula('('.repeat(MAX_FORMULA_DEPTH - 10) + '1' + ')'.repeat(MAX_FORMULA_DEPTH - 10))).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------------
// Property tests: generated ASTs printed as text parse and evaluate like a direct evaluation.

type Gen =
  | { t: 'num'; v: number }
  | { t: 'col'; name: string }
  | { t: 'neg'; x: Gen }
  | { t: 'bin'; op: BinaryOp; l: Gen; r: Gen }
  | { t: 'call'; fn: FormulaFunction; args: Gen[] };

const COLUMN_POOL = ['a', 'b_2', 'größe', 'x.y', 'log', 'Beak Length (mm)', 'with`tick', '9lives'];
const PREC: Record<Gen['t'] | BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4, num: 5, col: 5, call: 5, bin: 0 };
const prec = (g: Gen): number => (g.t === 'bin' ? PREC[g.op] : PREC[g.t]);

const genArb = fc.letrec<{ node: Gen }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double({ min: 0, max: 1e6, noNaN: true }).filter((v) => !Object.is(v, -0)).map((v): Gen => ({ t: 'num', v })),
    fc.integer({ min: 0, max: 20 }).map((v): Gen => ({ t: 'num', v })),
    fc.constantFrom(...COLUMN_POOL).map((name): Gen => ({ t: 'col', name })),
    tie('node').map((x): Gen => ({ t: 'neg', x })),
    fc.tuple(fc.constantFrom<BinaryOp>('+', '-', '*', '/', '^'), tie('node'), tie('node')).map(([op, l, r]): Gen => ({ t: 'bin', op, l, r })),
    fc
      .constantFrom(...(Object.keys(FORMULA_FUNCTIONS) as FormulaFunction[]))
      .chain((fn) => {
        const spec = FORMULA_FUNCTIONS[fn];
        const max = spec.maxArgs === Infinity ? 4 : spec.maxArgs;
        return fc.array(tie('node'), { minLength: spec.minArgs, maxLength: max }).map((args): Gen => ({ t: 'call', fn, args }));
      }),
  ),
})).node;

/** Prints with the fewest parentheses the grammar needs, plus random extra ones and random spacing. */
function print(g: Gen, coin: () => boolean): string {
  const sp = () => (coin() ? ' ' : '');
  const wrap = (s: string, need: boolean) => (need || coin() ? `(${sp()}${s}${sp()})` : s);
  switch (g.t) {
    case 'num':
      return String(g.v);
    case 'col':
      return BARE_NAME.test(g.name) ? g.name : `\`${g.name.replaceAll('`', '``')}\``;
    case 'neg':
      return `-${sp()}${wrap(print(g.x, coin), prec(g.x) < PREC.neg)}`;
    case 'bin': {
      const p = PREC[g.op];
      const rightAssoc = g.op === '^';
      const left = wrap(print(g.l, coin), rightAssoc ? prec(g.l) <= p : prec(g.l) < p);
      const right = wrap(print(g.r, coin), rightAssoc ? prec(g.r) < PREC.neg : prec(g.r) <= p);
      return `${left}${sp()}${g.op}${sp()}${right}`;
    }
    case 'call':
      return `${coin() ? g.fn.toUpperCase() : g.fn}(${g.args.map((a) => sp() + print(a, coin) + sp()).join(',')})`;
  }
}

/** Reference semantics, straight from the generated tree (one row at a time). */
function reference(g: Gen, row: (name: string) => number): number {
  const ev = (x: Gen) => reference(x, row);
  const pow = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a ** b);
  switch (g.t) {
    case 'num':
      return g.v;
    case 'col':
      return row(g.name);
    case 'neg':
      return -ev(g.x);
    case 'bin': {
      const [l, r] = [ev(g.l), ev(g.r)];
      return g.op === '+' ? l + r : g.op === '-' ? l - r : g.op === '*' ? l * r : g.op === '/' ? l / r : pow(l, r);
    }
    case 'call': {
      const v = g.args.map(ev);
      const [x, y, z] = v as [number, number, number];
      switch (g.fn) {
        case 'log':
          return Math.log(x);
        case 'log1p':
          return Math.log1p(x);
        case 'exp':
          return Math.exp(x);
        case 'sqrt':
          return Math.sqrt(x);
        case 'abs':
          return Math.abs(x);
        case 'pow':
          return pow(x, y);
        case 'min':
          return v.some(Number.isNaN) ? NaN : Math.min(...v);
        case 'max':
          return v.some(Number.isNaN) ? NaN : Math.max(...v);
        case 'clip':
          return [x, y, z].some(Number.isNaN) ? NaN : Math.min(Math.max(x, y), z);
      }
    }
  }
}

const cellArb = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(NaN), fc.integer({ min: -3, max: 3 }));
const ROWS = 6;
const dataArb = fc.tuple(...COLUMN_POOL.map(() => fc.array(cellArb, { minLength: ROWS, maxLength: ROWS })));

describe('formula: properties', () => {
  it('a printed random expression parses and evaluates like the generated tree', () => {
    fc.assert(
      fc.property(genArb, dataArb, fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), (g, data, coins) => {
        let k = 0;
        const text = print(g, () => coins[k++ % coins.length]!);
        const columns = new Map(COLUMN_POOL.map((name, i) => [name, Float64Array.from(data[i]!)]));
        const got = evaluateFormula(parseFormula(text, (n) => columns.has(n)), (n) => columns.get(n)!, ROWS);
        for (let r = 0; r < ROWS; r++) {
          const v = reference(g, (n) => columns.get(n)![r]!);
          const expected = Number.isFinite(v) ? v : NaN;
          expect(Object.is(got[r], expected), `${text} row ${r}: ${got[r]} vs ${expected}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any missing input in a row gives a missing result', () => {
    fc.assert(
      fc.property(genArb, dataArb, (g, data) => {
        const text = print(g, () => false);
        const ast = parseFormula(text);
        const used = formulaColumns(ast);
        const columns = new Map(COLUMN_POOL.map((name, i) => [name, Float64Array.from(data[i]!)]));
        const got = evaluateFormula(ast, (n) => columns.get(n)!, ROWS);
        for (let r = 0; r < ROWS; r++) {
          if (used.some((n) => Number.isNaN(columns.get(n)![r]!))) expect(got[r]).toBeNaN();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random text never throws anything but a FormulaError', () => {
    const pieces = fc.constantFrom('a', 'b', '1', '2.5', 'e', '1e', '.', '(', ')', ',', '+', '-', '*', '/', '^', '`', ' ', 'log', 'min', 'clip', '`x y`', '#', 'é', '\n');
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (s) => {
        for (const isColumn of [undefined, (n: string) => n === 'a' || n === 'x y']) {
          try {
            const ast = parseFormula(s, isColumn);
            evaluateFormula(ast, () => Float64Array.from([1, NaN]), 2);
          } catch (e) {
            expect(e).toBeInstanceOf(FormulaError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formula node', () => {
  const table = tableOf({ w: [60, 80, null], h: [1.5, 2, 1.8], s: ['x', 'y', 'z'], y: [0, 1, 0] });

  it('appends a new column, or replaces one of the same name in place', () => {
    const { out } = run(formulaNode, table, { name: 'bmi', expression: 'w / h ^ 2' }, { target: 'y' });
    expect(names(out)).toEqual(['w', 'h', 's', 'y', 'bmi']);
    expect(nums(out, 'bmi')).toEqual([60 / 2.25, 20, NaN]);
    const replaced = run(formulaNode, table, { name: 'w', expression: 'w * 2' }).out;
    expect(names(replaced)).toEqual(['w', 'h', 's', 'y']);
    expect(nums(replaced, 'w')).toEqual([120, 160, NaN]);
    expect(formulaNode.outputColumns?.(names(table), { name: 'bmi', expression: '' })).toEqual(names(out));
  });

  it('refuses unknown and text columns, the target, and names what is missing at apply', () => {
    expect(() => run(formulaNode, table, { name: 'n', expression: 'w + q' })).toThrow('Formula: Unknown column "q" at 5');
    expect(() => run(formulaNode, table, { name: 'n', expression: 's * 2' })).toThrow('Formula: the column "s" holds text');
    expect(() => run(formulaNode, table, { name: 'n', expression: 'y + 1' }, { target: 'y' })).toThrow(/cannot read the target/);
    expect(() => run(formulaNode, table, { name: 'y', expression: 'w' }, { target: 'y' })).toThrow(/cannot overwrite the target/);
    const { state, params } = run(formulaNode, table, { name: 'n', expression: 'w + h' });
    expect(() => formulaNode.apply(tableOf({ w: [1] }), params, state, { trainRows: null })).toThrow('Formula: the column "h" is not in the table.');
  });
});
