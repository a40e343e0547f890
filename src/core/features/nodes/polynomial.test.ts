import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { polynomialNode, polynomialTerms, termName } from './polynomial';
import { names, nums, run } from './testing';

const table = tableOf({ a: [1, 2, null], b: [3, 4, 5], c: [2, 0, 1], y: [0, 1, 0] });

describe('polynomial', () => {
  it.each([
    { columns: ['a', 'b'], degree: 2, interactionOnly: false, added: ['a^2', 'a*b', 'b^2'] },
    // As scikit-learn's PolynomialFeatures: by degree, then lexicographic.
    { columns: ['a', 'b'], degree: 3, interactionOnly: false, added: ['a^2', 'a*b', 'b^2', 'a^3', 'a^2*b', 'a*b^2', 'b^3'] },
    { columns: ['a', 'b', 'c'], degree: 3, interactionOnly: true, added: ['a*b', 'a*c', 'b*c', 'a*b*c'] },
  ])('$columns, degree $degree, interactionOnly $interactionOnly', ({ columns, degree, interactionOnly, added }) => {
    const params = { columns, degree, interactionOnly };
    const { out } = run(polynomialNode, table, params, { target: 'y' });
    expect(names(out)).toEqual(['a', 'b', 'c', 'y', ...added]);
    expect(polynomialNode.outputColumns?.(names(table), polynomialNode.params.parse(params))).toEqual(names(out));
  });

  it('multiplies values; missing in any factor → missing', () => {
    const { out } = run(polynomialNode, table, { columns: ['a', 'b', 'c'], degree: 3 });
    expect(nums(out, 'a*b')).toEqual([3, 8, NaN]);
    expect(nums(out, 'b^2*c')).toEqual([18, 0, 25]);
    expect(nums(out, 'c^3')).toEqual([8, 0, 1]);
  });

  it('counts terms as C(n + d − 1, d) per degree, or C(n, d) for interactions', () => {
    expect(polynomialTerms(4, 2, false)).toHaveLength(10);
    expect(polynomialTerms(4, 3, false)).toHaveLength(10 + 20);
    expect(polynomialTerms(4, 3, true)).toHaveLength(6 + 4);
    expect(termName(['x', 'y'], [0, 0, 1])).toBe('x^2*y');
  });

  it('refuses too many terms, text and the target', () => {
    const wide = tableOf(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, [1]])));
    expect(() => run(polynomialNode, wide, { degree: 3 })).toThrow(/at most 5000/);
    expect(() => run(polynomialNode, tableOf({ s: ['a'] }), { columns: ['s'] })).toThrow(/needs numbers/);
    expect(() => run(polynomialNode, table, { columns: ['y'] }, { target: 'y' })).toThrow(/target/);
  });
});
