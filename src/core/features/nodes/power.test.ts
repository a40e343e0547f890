import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import fixtures from './fixtures/sklearn.json';
import { fitYeoJohnsonLambda, powerNode, yeoJohnson, yeoJohnsonLogLikelihood } from './power';
import { expectClose, nums, run } from './testing';

describe('Yeo-Johnson transform by hand', () => {
  const xs = [-2, -0.5, 0, 0.5, 3];
  it.each([
    { lambda: 1, expected: xs }, // the identity
    // λ = 0: log1p(x) for x ≥ 0; −((1 − x)² − 1)/2 for x < 0.
    { lambda: 0, expected: [-4, -0.625, 0, Math.log(1.5), Math.log(4)] },
    // λ = 2: ((x + 1)² − 1)/2 for x ≥ 0; −log1p(−x) for x < 0.
    { lambda: 2, expected: [-Math.log(3), -Math.log(1.5), 0, 0.625, 7.5] },
    // λ = 0.5: (√(x + 1) − 1)/0.5 for x ≥ 0; −((1 − x)^1.5 − 1)/1.5 for x < 0.
    { lambda: 0.5, expected: [-(3 ** 1.5 - 1) / 1.5, -(1.5 ** 1.5 - 1) / 1.5, 0, (Math.sqrt(1.5) - 1) / 0.5, 2] },
  ])('λ = $lambda', ({ lambda, expected }) => {
    expectClose(
      xs.map((x) => yeoJohnson(x, lambda)),
      expected,
      13,
    );
  });

  it('keeps NaN missing', () => {
    expect(yeoJohnson(NaN, 0.3)).toBeNaN();
  });
});

describe('λ by maximum likelihood', () => {
  it.each(Object.entries(fixtures.power))('%s matches scipy and scikit-learn', (_name, c) => {
    const lambda = fitYeoJohnsonLambda(Float64Array.from(c.x));
    expect(Math.abs(lambda - c.lambda_scipy)).toBeLessThan(1e-6);
    const { out } = run(powerNode, tableOf({ x: c.x }), { columns: ['x'] });
    expectClose(nums(out, 'x'), c.standardized, 6);
  });

  it('is a local maximum of the log-likelihood', () => {
    const x = Float64Array.from([0.2, 0.9, 1.1, 3, 7, 7.5, 30]);
    const l = fitYeoJohnsonLambda(x);
    const f = yeoJohnsonLogLikelihood(x, l);
    expect(f).toBeGreaterThanOrEqual(yeoJohnsonLogLikelihood(x, l - 1e-3));
    expect(f).toBeGreaterThanOrEqual(yeoJohnsonLogLikelihood(x, l + 1e-3));
  });

  it('keeps λ = 1 for a constant column, without standardizing it to NaN', () => {
    const { out, state } = run(powerNode, tableOf({ x: [4, 4, 4, null] }), { columns: ['x'] });
    expect(state.columns[0]).toEqual({ name: 'x', lambda: 1, mean: 4, std: 1 });
    expect(nums(out, 'x')).toEqual([0, 0, 0, NaN]);
  });

  it('without standardize outputs ψ(x, λ) itself, with λ from training rows only', () => {
    const table = tableOf({ x: [0.1, 0.5, 1, 2, 3, 5, 8, 13, 21, 50, -1000] });
    const { out, state } = run(powerNode, table, { columns: ['x'], standardize: false }, { train: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const l = state.columns[0]!.lambda;
    expect(Math.abs(l - fixtures.power.right_skewed.lambda_scipy)).toBeLessThan(1e-6);
    expectClose(nums(out, 'x'), table.columns[0]!.storage === 'numeric' ? Array.from(table.columns[0]!.values, (v) => yeoJohnson(v, l)) : [], 14);
  });
});
