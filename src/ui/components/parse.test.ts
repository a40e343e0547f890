import { describe, expect, it } from 'vitest';
import { parseNumberInput, type NumberRule } from './parse';

describe('parseNumberInput', () => {
  const cases: [string, NumberRule, number | string][] = [
    ['0.001', {}, 0.001],
    [' 42 ', { integer: true }, 42],
    ['1e-3', {}, 0.001],
    ['.5', { min: 0, max: 1 }, 0.5],
    ['-2', {}, -2],
    ['', {}, 'Enter a number.'],
    ['abc', {}, '"abc" is not a number.'],
    ['1,5', {}, '"1,5" is not a number.'],
    ['0x10', {}, '"0x10" is not a number.'],
    ['Infinity', {}, '"Infinity" is not a number.'],
    ['1e999', {}, 'The number is too large.'],
    ['2.5', { integer: true }, 'Enter a whole number.'],
    ['0', { min: 0, minExclusive: true }, 'Must be greater than 0.'],
    ['0', { min: 0 }, 0],
    ['0.6', { max: 0.5 }, 'Must be at most 0.5.'],
    ['0', { min: 1 }, 'Must be at least 1.'],
  ];
  it.each(cases)('%j with %j gives %j', (text, rule, expected) => {
    const r = parseNumberInput(text, rule);
    if (typeof expected === 'number') expect(r).toEqual({ ok: true, value: expected });
    else expect(r).toEqual({ ok: false, message: expected });
  });
});
