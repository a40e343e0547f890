/**
 * The formula language of the `formula` node: a tokenizer, a recursive-descent parser to an AST, and an
 * interpreter over Float64Arrays. Written by hand, never `eval` or `new Function`: user text must not run
 * as code, and the grammar is small enough that a parser library would be more to review than this.
 *
 * Grammar (binding tightest last):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | power
 *   power   := primary ('^' unary)?            right-associative: a^b^c = a^(b^c); -a^2 = -(a^2); a^-b ok
 *   primary := number | column | function '(' expr (',' expr)* ')' | '(' expr ')'
 * - numbers: 12, 1.5, .5, 2e-3 (no sign: `-2` is negation);
 * - columns: bare identifiers (a letter or `_`, then letters, digits, `_` or `.`), or any name in
 *   backticks, `` `Beak Length (mm)` ``, with a doubled backtick for a backtick inside;
 * - functions (case-insensitive; an identifier is a function only when followed by `(`): log (natural),
 *   log1p, exp, sqrt, abs (1 argument), pow (2), min and max (2 or more), clip(x, lo, hi) = min(max(x, lo), hi).
 * Semantics: IEEE double arithmetic per row; a missing (NaN) input anywhere gives NaN (pow included,
 * although Math.pow(NaN, 0) is 1); a final result that is not finite (x/0, log(0)) is missing (NaN).
 *
 * Errors are `FormulaError`s whose message ends "at N", N the 1-based character position (1 = the first
 * character; the length + 1 for the end of the text); `start` is the same place as a 0-based offset.
 */
import { FeatureNodeError } from './types';

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export type FormulaAst =
  | { readonly type: 'number'; readonly value: number; readonly start: number }
  | { readonly type: 'column'; readonly name: string; readonly start: number }
  | { readonly type: 'neg'; readonly arg: FormulaAst; readonly start: number }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: FormulaAst; readonly right: FormulaAst; readonly start: number }
  | { readonly type: 'call'; readonly fn: FormulaFunction; readonly args: readonly FormulaAst[]; readonly start: number };

/** A problem in a formula's text, with where it is (`start`: 0-based offset into the text). */
export class FormulaError extends FeatureNodeError {
  override readonly name: string = 'FormulaError';
  readonly start: number;
  constructor(message: string, start: number, column: string | null = null) {
    super('Formula', `${message} at ${start + 1}`, column);
    this.start = start;
  }
}

interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
}

export const FORMULA_FUNCTIONS = {
  log: { minArgs: 1, maxArgs: 1 },
  log1p: { minArgs: 1, maxArgs: 1 },
  exp: { minArgs: 1, maxArgs: 1 },
  sqrt: { minArgs: 1, maxArgs: 1 },
  abs: { minArgs: 1, maxArgs: 1 },
  pow: { minArgs: 2, maxArgs: 2 },
  min: { minArgs: 2, maxArgs: Infinity },
  max: { minArgs: 2, maxArgs: Infinity },
  clip: { minArgs: 3, maxArgs: 3 },
} as const satisfies Record<string, FunctionSpec>;
export type FormulaFunction = keyof typeof FORMULA_FUNCTIONS;

const isFunction = (name: string): name is FormulaFunction => Object.hasOwn(FORMULA_FUNCTIONS, name);

/**
 * Longest formula accepted, and most levels of nesting (parentheses, negations) and of the AST, so that
 * hostile text cannot overflow the stack of the recursive parser and interpreter.
 */
export const MAX_FORMULA_LENGTH = 10_000;
export const MAX_FORMULA_DEPTH = 256;

// ---------------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { readonly type: 'number'; readonly value: number; readonly start: number }
  | { readonly type: 'name'; readonly name: string; readonly quoted: boolean; readonly start: number }
  | { readonly type: 'punct'; readonly text: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; readonly start: number }
  | { readonly type: 'end'; readonly start: number };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_.]*/uy;
const SPACE = /\s+/y;
const PUNCT = '+-*/^(),';

/** A column name that can be written without backticks. */
export const BARE_NAME = /^[\p{L}_][\p{L}\p{N}_.]*$/u;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m === null ? null : m[0];
  };
  while (i < text.length) {
    const space = match(SPACE);
    if (space !== null) {
      i += space.length;
      continue;
    }
    const ch = text[i]!;
    if (PUNCT.includes(ch)) {
      tokens.push({ type: 'punct', text: ch as '+', start: i });
      i++;
      continue;
    }
    if (ch === '`') {
      let name = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new FormulaError('Unterminated `quoted column name`', i);
        if (text[j] === '`') {
          if (text[j + 1] === '`') {
            name += '`';
            j += 2;
            continue;
          }
          break;
        }
        name += text[j];
        j++;
      }
      tokens.push({ type: 'name', name, quoted: true, start: i });
      i = j + 1;
      continue;
    }
    const num = match(NUMBER);
    if (num !== null) {
      tokens.push({ type: 'number', value: Number(num), start: i });
      i += num.length;
      continue;
    }
    const id = match(IDENTIFIER);
    if (id !== null) {
      tokens.push({ type: 'name', name: id, quoted: false, start: i });
      i += id.length;
      continue;
    }
    const shown = String.fromCodePoint(text.codePointAt(i)!);
    throw new FormulaError(`Unexpected character "${shown}"`, i);
  }
  tokens.push({ type: 'end', start: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------
// Parser

function describe(t: Token): string {
  if (t.type === 'end') return 'end of formula';
  if (t.type === 'number') return 'number';
  if (t.type === 'name') return `"${t.name}"`;
  return `'${t.text}'`;
}

/**
 * The AST of `text`. With `isColumn`, every column reference must satisfy it ('Unknown column "x" at 5').
 * Throws only FormulaError, for any string. Cost: linear in the length.
 */
export function parseFormula(text: string, isColumn?: (name: string) => boolean): FormulaAst {
  if (text.length > MAX_FORMULA_LENGTH) throw new FormulaError(`The formula is longer than ${MAX_FORMULA_LENGTH} characters`, MAX_FORMULA_LENGTH);
  if (text.trim() === '') throw new FormulaError('Write a formula, e.g. log1p(income) / `household size`', 0);
  const tokens = tokenize(text);
  let pos = 0;
  let depth = 0;
  const peek = (): Token => tokens[pos]!;
  const isPunct = (t: Token, p: string): boolean => t.type === 'punct' && t.text === p;
  const expect = (p: string): void => {
    const t = peek();
    if (!isPunct(t, p)) throw new FormulaError(`Expected '${p}' but found ${describe(t)}`, t.start);
    pos++;
  };
  const nest = (start: number): void => {
    if (++depth > MAX_FORMULA_DEPTH) throw new FormulaError(`The formula is nested more than ${MAX_FORMULA_DEPTH} deep`, start);
  };

  function expr(): FormulaAst {
    let left = term();
    for (let t = peek(); isPunct(t, '+') || isPunct(t, '-'); t = peek()) {
      pos++;
      left = { type: 'binary', op: (t as { text: BinaryOp }).text, left, right: term(), start: t.start };
    }
    return left;
  }

  function term(): FormulaAst {
    let left = unary();
    for (let t = peek(); isPunct(t, '*') || isPunct(t, '/'); t = peek()) {
      pos++;
      left = { type: 'binary', op: (t as { text: BinaryOp }).text, left, right: unary(), start: t.start };
    }
    return left;
  }

  function unary(): FormulaAst {
    const t = peek();
    nest(t.start);
    let node: FormulaAst;
    if (isPunct(t, '-')) {
      pos++;
      node = { type: 'neg', arg: unary(), start: t.start };
    } else {
      node = primary();
      const hat = peek();
      if (isPunct(hat, '^')) {
        pos++;
        node = { type: 'binary', op: '^', left: node, right: unary(), start: hat.start };
      }
    }
    depth--;
    return node;
  }

  function primary(): FormulaAst {
    const t = peek();
    if (t.type === 'number') {
      pos++;
      return { type: 'number', value: t.value, start: t.start };
    }
    if (t.type === 'name') {
      pos++;
      const fn = t.name.toLowerCase();
      if (!t.quoted && isPunct(peek(), '(')) {
        if (!isFunction(fn)) throw new FormulaError(`Unknown function "${t.name}"`, t.start);
        pos++;
        const args = [expr()];
        while (isPunct(peek(), ',')) {
          pos++;
          args.push(expr());
        }
        const close = peek();
        if (!isPunct(close, ')')) throw new FormulaError(`Expected ',' or ')' but found ${describe(close)}`, close.start);
        pos++;
        const spec = FORMULA_FUNCTIONS[fn];
        if (args.length < spec.minArgs || args.length > spec.maxArgs) {
          const wanted =
            spec.maxArgs === Infinity ? `at least ${spec.minArgs} arguments` : `${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
          throw new FormulaError(`${fn} takes ${wanted}, got ${args.length}`, t.start);
        }
        return { type: 'call', fn, args, start: t.start };
      }
      if (isColumn !== undefined && !isColumn(t.name)) throw new FormulaError(`Unknown column "${t.name}"`, t.start, t.name);
      return { type: 'column', name: t.name, start: t.start };
    }
    if (isPunct(t, '(')) {
      pos++;
      const inner = expr();
      expect(')');
      return inner;
    }
    throw new FormulaError(`Expected a number, a column or '(' but found ${describe(t)}`, t.start);
  }

  const ast = expr();
  const rest = peek();
  if (rest.type !== 'end') {
    throw new FormulaError(
      isPunct(rest, ')') ? "Unexpected ')'" : `Expected an operator (+ - * / ^) but found ${describe(rest)}`,
      rest.start,
    );
  }
  checkHeight(ast);
  return ast;
}

/** Long operator chains (a + b + c...) make deep trees without nesting: bound the height, iteratively. */
function checkHeight(ast: FormulaAst): void {
  const stack: [FormulaAst, number][] = [[ast, 1]];
  while (stack.length > 0) {
    const [n, h] = stack.pop()!;
    if (h > MAX_FORMULA_DEPTH) throw new FormulaError(`The formula has more than ${MAX_FORMULA_DEPTH} levels; split it into several formula nodes`, n.start);
    if (n.type === 'neg') stack.push([n.arg, h + 1]);
    else if (n.type === 'binary') stack.push([n.left, h + 1], [n.right, h + 1]);
    else if (n.type === 'call') for (const a of n.args) stack.push([a, h + 1]);
  }
}

/** The distinct columns `ast` reads, in order of first appearance. */
export function formulaColumns(ast: FormulaAst): string[] {
  const out = new Set<string>();
  const walk = (n: FormulaAst): void => {
    if (n.type === 'column') out.add(n.name);
    else if (n.type === 'neg') walk(n.arg);
    else if (n.type === 'binary') {
      walk(n.left);
      walk(n.right);
    }
    else if (n.type === 'call') n.args.forEach(walk);
  };
  walk(ast);
  return [...out];
}

// ---------------------------------------------------------------------------------------------------
// Interpreter

const pow = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.pow(a, b));

const UNARY: Record<'log' | 'log1p' | 'exp' | 'sqrt' | 'abs', (x: number) => number> = {
  log: Math.log,
  log1p: Math.log1p,
  exp: Math.exp,
  sqrt: Math.sqrt,
  abs: Math.abs,
};

function binary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return pow(a, b);
  }
}

/**
 * The formula's value for each of `rowCount` rows; `column(name)` gives a column's values (NaN =
 * missing). Non-finite results become NaN. Cost: one pass over the rows per AST node.
 */
export function evaluateFormula(ast: FormulaAst, column: (name: string) => Float64Array, rowCount: number): Float64Array {
  const out = evaluate(ast, column, rowCount).slice();
  for (let r = 0; r < rowCount; r++) if (!Number.isFinite(out[r]!)) out[r] = NaN;
  return out;
}

function evaluate(n: FormulaAst, column: (name: string) => Float64Array, rowCount: number): Float64Array {
  const ev = (m: FormulaAst) => evaluate(m, column, rowCount);
  switch (n.type) {
    case 'number':
      return new Float64Array(rowCount).fill(n.value);
    case 'column':
      return column(n.name);
    case 'neg':
      return ev(n.arg).map((v) => -v);
    case 'binary': {
      const a = ev(n.left);
      const b = ev(n.right);
      return a.map((v, r) => binary(n.op, v, b[r]!));
    }
    case 'call': {
      const args = n.args.map(ev);
      const [a, b, c] = args as [Float64Array, Float64Array | undefined, Float64Array | undefined];
      switch (n.fn) {
        case 'pow':
          return a.map((v, r) => pow(v, b![r]!));
        case 'clip':
          // min(max(x, lo), hi); Math.min/max propagate NaN.
          return a.map((v, r) => Math.min(Math.max(v, b![r]!), c![r]!));
        case 'min':
        case 'max': {
          const f = n.fn === 'min' ? Math.min : Math.max;
          return a.map((v, r) => args.reduce((acc, arg, i) => (i === 0 ? acc : f(acc, arg[r]!)), v));
        }
        default: {
          const f = UNARY[n.fn];
          return a.map((v) => f(v));
        }
      }
    }
  }
}
