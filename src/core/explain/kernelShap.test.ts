import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { kernelShap } from './kernelShap';
import { exactShapley } from './shapley';
import type { Background, BatchModel, Players } from './types';
import { linearModel, mlp } from './testing';


const singletons = (d: number): Players => Array.from({ length: d }, (_, i) => [i]);

/** Multiples of 1/8 in [−4, 4]: sums of a few products with quarter weights stay exact in float32. */
function dyadic(rng: () => number, length: number, step = 8): Float32Array {
  return Float32Array.from({ length }, () => Math.round((rng() * 8 - 4) * step) / step);
}

function uniformBg(x: Float32Array, n: number, d: number): Background {
  return { x, n, d, weights: new Float64Array(n).fill(1 / n) };
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('kernelShap on a linear model', () => {
  // Exact for any full-rank design, since v is additive: checked both enumerated (p = 5) and sampled (p = 14).
  it.each([
    { d: 5, k: 1, enumerated: true },
    { d: 5, k: 2, enumerated: true },
    { d: 14, k: 1, enumerated: false },
    { d: 14, k: 2, enumerated: false },
  ])('gives w_i·(x_i − E[x_i]) (d = $d, k = $k)', async ({ d, k, enumerated }) => {
    const rng = createRng(100 + d * 10 + k);
    const W = dyadic(rng, d * k, 4);
    const b = Array.from(dyadic(rng, k));
    const x = dyadic(rng, d);
    const nb = 6;
    const bg = uniformBg(dyadic(rng, nb * d), nb, d);
    const res = await kernelShap(linearModel(W, b), x, bg, singletons(d), { seed: 5 });
    expect(res.exact).toBe(enumerated);
    const expected = new Float64Array(d * k);
    for (let i = 0; i < d; i++) {
      let mean = 0;
      for (let r = 0; r < nb; r++) mean += bg.x[r * d + i]! / nb;
      for (let o = 0; o < k; o++) expected[i * k + o] = W[i * k + o]! * (x[i]! - mean);
    }
    const scale = Math.max(1, maxAbs(expected));
    expect(maxDiff(res.phi, expected)).toBeLessThanOrEqual(1e-6 * scale);
    expect(res.localAccuracyGap).toBeLessThanOrEqual(1e-12 * scale);
  });
});

describe('kernelShap against exactShapley on a tanh network (2 outputs, 10 background rows)', () => {
  async function compare(d: number, seed: number, nSamples?: number) {
    const rng = createRng(d);
    const model = mlp(11, d, 8, 2);
    const x = Float32Array.from({ length: d }, () => rng() * 4 - 2);
    const bg = uniformBg(Float32Array.from({ length: 10 * d }, () => rng() * 4 - 2), 10, d);
    const exact = await exactShapley(model, x, bg, singletons(d));
    const kernel = await kernelShap(model, x, bg, singletons(d), nSamples === undefined ? { seed } : { seed, nSamples });
    return { exact, kernel, rel: maxDiff(kernel.phi, exact.phi) / maxAbs(exact.phi) };
  }

  it('agrees to 1e-10 of max|φ| when it enumerates all coalitions (p = 6)', async () => {
    const { kernel, rel } = await compare(6, 1);
    expect(kernel.exact).toBe(true);
    expect(kernel.nSamples).toBe(62);
    expect(rel).toBeLessThanOrEqual(1e-10);
  });

  it.each([1, 2, 3])('agrees to 0.05 of max|φ| with the default 2076 sampled coalitions (p = 14, seed %i)', async (seed) => {
    const { kernel, rel } = await compare(14, seed);
    expect(kernel.exact).toBe(false);
    expect(kernel.nSamples).toBe(2 * 14 + 2048);
    // Measured: 0.016–0.022 for seeds 1–5.
    expect(rel).toBeLessThan(0.05);
    expect(kernel.localAccuracyGap).toBeLessThanOrEqual(1e-12);
  });

  it('becomes exact at a budget of 2^14 − 2 (p = 14)', async () => {
    const { kernel, rel } = await compare(14, 1, 1e6);
    expect(kernel.nSamples).toBe(2 ** 14 - 2);
    expect(kernel.exact).toBe(true);
    expect(rel).toBeLessThanOrEqual(1e-10);
  });
});

interface GameCase {
  readonly d: number;
  readonly x: number[];
  readonly bgRows: number[][];
  readonly rawWeights: number[];
  readonly seed: number;
  readonly hidden: number;
  readonly k: number;
}
const gameArb = (minD: number, maxD: number): fc.Arbitrary<GameCase> =>
  fc.integer({ min: minD, max: maxD }).chain((d) =>
    fc.record({
      d: fc.constant(d),
      x: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
      bgRows: fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 5 }),
      rawWeights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 5, maxLength: 5 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      hidden: fc.integer({ min: 1, max: 6 }),
      k: fc.integer({ min: 1, max: 3 }),
    }),
  );
function buildBg(g: GameCase, rows = g.bgRows): Background {
  const raw = g.rawWeights.slice(0, rows.length);
  const total = raw.reduce((a, b) => a + b, 0);
  return { x: Float32Array.from(rows.flat()), n: rows.length, d: g.d, weights: Float64Array.from(raw, (r) => r / total) };
}

describe('kernelShap properties (random small networks)', () => {
  it('local accuracy holds to float precision even with few samples', async () => {
    await fc.assert(
      fc.asyncProperty(gameArb(2, 10), fc.integer({ min: 1, max: 40 }), async (g, nSamples) => {
        const model = mlp(g.seed, g.d, g.hidden, g.k);
        const x = Float32Array.from(g.x);
        const res = await kernelShap(model, x, buildBg(g), singletons(g.d), { seed: g.seed, nSamples });
        const fx = await model(x, 1);
        for (let o = 0; o < g.k; o++) {
          const scale = 1 + Math.abs(fx[o]!) + Math.abs(res.base[o]!);
          expect(Math.abs(res.fx[o]! - fx[o]!)).toBeLessThanOrEqual(1e-12 * scale);
          let sum = res.base[o]!;
          for (let i = 0; i < g.d; i++) sum += res.phi[i * g.k + o]!;
          expect(Math.abs(sum - res.fx[o]!)).toBeLessThanOrEqual(1e-12 * scale);
        }
        expect(res.localAccuracyGap).toBeLessThanOrEqual(1e-12 * (1 + maxAbs(res.fx) + maxAbs(res.base)));
      }),
      { numRuns: 60 },
    );
  });

  it('symmetry: interchangeable players with equal values get equal φ (enumerated, p <= 6)', async () => {
    await fc.assert(
      fc.asyncProperty(gameArb(2, 6), async (g) => {
        const rows = g.bgRows.map((r) => [r[0]!, r[0]!, ...r.slice(2)]);
        const x = Float32Array.from([g.x[0]!, g.x[0]!, ...g.x.slice(2)]);
        const res = await kernelShap(mlp(g.seed, g.d, g.hidden, g.k, { tie: true }), x, buildBg(g, rows), singletons(g.d), { seed: 1 });
        expect(res.exact).toBe(true);
        const scale = 1 + maxAbs(res.phi);
        for (let o = 0; o < g.k; o++) expect(Math.abs(res.phi[o]! - res.phi[g.k + o]!)).toBeLessThanOrEqual(1e-10 * scale);
      }),
      { numRuns: 60 },
    );
  });

  it('dummy: a player the model ignores gets 0 (enumerated, p <= 6)', async () => {
    await fc.assert(
      fc.asyncProperty(gameArb(2, 6), fc.nat(), async (g, pick) => {
        const ignored = pick % g.d;
        const res = await kernelShap(mlp(g.seed, g.d, g.hidden, g.k, { ignore: ignored }), Float32Array.from(g.x), buildBg(g), singletons(g.d), { seed: 1 });
        const scale = 1 + maxAbs(res.phi);
        for (let o = 0; o < g.k; o++) expect(Math.abs(res.phi[ignored * g.k + o]!)).toBeLessThanOrEqual(1e-10 * scale);
      }),
      { numRuns: 60 },
    );
  });
});

describe('kernelShap design', () => {
  const d = 9;
  const rng = createRng(9);
  const model = mlp(4, d, 6, 1);
  const x = Float32Array.from({ length: d }, (_, i) => 10 + i); // distinct from every background value
  const nb = 3;
  const bg = uniformBg(Float32Array.from({ length: nb * d }, () => rng() * 2 - 1), nb, d);

  /** The coalitions the model was asked about, read back from the rows: bit i set when position i is x's. */
  async function coalitionsSeen(nSamples: number, seed: number): Promise<string[]> {
    const seen: string[] = [];
    const spy: BatchModel = (xs, n) => {
      for (let r = 0; r < n; r += nb) seen.push(Array.from({ length: d }, (_, i) => (xs[r * d + i] === x[i] ? '1' : '0')).join(''));
      return model(xs, n);
    };
    await kernelShap(spy, x, bg, singletons(d), { seed, nSamples });
    return seen;
  }

  it('evaluates ∅, the full coalition, then distinct coalitions, each sampled one with its complement', async () => {
    const seen = await coalitionsSeen(100, 3);
    expect(seen.length).toBe(102);
    expect(seen[0]).toBe('0'.repeat(d));
    expect(seen[1]).toBe('1'.repeat(d));
    const rest = seen.slice(2);
    expect(new Set(rest).size).toBe(rest.length);
    const sizes = rest.map((m) => m.split('').filter((c) => c === '1').length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(d - 1);
    // Sizes 1 and 8 (18 masks) fit the budget's share and are enumerated in full.
    expect(sizes.filter((s) => s === 1 || s === d - 1).length).toBe(2 * d);
    const set = new Set(rest);
    const complement = (m: string): string => m.replace(/[01]/g, (c) => (c === '1' ? '0' : '1'));
    // d = 9 has no middle size: every mask comes with its complement.
    for (const m of rest) expect(set.has(complement(m)), m).toBe(true);
  });

  it('is deterministic for a seed, and the seed matters when sampling', async () => {
    expect(await coalitionsSeen(100, 3)).toEqual(await coalitionsSeen(100, 3));
    expect(await coalitionsSeen(100, 3)).not.toEqual(await coalitionsSeen(100, 4));
    const a = await kernelShap(model, x, bg, singletons(d), { seed: 3, nSamples: 100 });
    const b = await kernelShap(model, x, bg, singletons(d), { seed: 3, nSamples: 100 });
    expect(Array.from(a.phi)).toEqual(Array.from(b.phi));
  });

  it('uses 2M + 2048 samples by default, at least 2M, at most 2^M − 2', async () => {
    const wide = 12;
    const r2 = createRng(12);
    const bgWide = uniformBg(Float32Array.from({ length: 2 * wide }, () => r2()), 2, wide);
    const xWide = Float32Array.from({ length: wide }, () => 5);
    const m = mlp(1, wide, 3, 1);
    expect((await kernelShap(m, xWide, bgWide, singletons(wide), { seed: 1 })).nSamples).toBe(2 * wide + 2048);
    expect((await kernelShap(m, xWide, bgWide, singletons(wide), { seed: 1, nSamples: 3 })).nSamples).toBe(2 * wide);
    expect((await kernelShap(m, xWide, bgWide, singletons(wide), { seed: 1, nSamples: 10_000 })).nSamples).toBe(2 ** wide - 2);
    await expect(kernelShap(m, xWide, bgWide, singletons(wide), { seed: 1, nSamples: 0 })).rejects.toThrow(/positive integer/);
  });

  it('gives exactly 0 to players equal to x in every background row, and fits the others alone', async () => {
    const bgSame = uniformBg(Float32Array.from(bg.x), nb, d);
    for (let r = 0; r < nb; r++) for (const i of [2, 5]) bgSame.x[r * d + i] = x[i]!;
    const res = await kernelShap(model, x, bgSame, singletons(d), { seed: 1 });
    expect(res.varyingPlayers).toBe(d - 2);
    expect(res.phi[2]).toBe(0);
    expect(res.phi[5]).toBe(0);
    const exact = await exactShapley(model, x, bgSame, singletons(d));
    expect(res.exact).toBe(true); // 7 varying players: 126 coalitions fit the default budget
    expect(maxDiff(res.phi, exact.phi)).toBeLessThanOrEqual(1e-10 * maxAbs(exact.phi));
  });

  it('gives a single varying player the whole difference f(x) − base', async () => {
    const bgOne = uniformBg(new Float32Array(nb * d), nb, d);
    for (let r = 0; r < nb; r++) bgOne.x.set(x, r * d);
    bgOne.x[d + 4] = -1;
    const res = await kernelShap(model, x, bgOne, singletons(d), { seed: 1 });
    expect(res.varyingPlayers).toBe(1);
    expect(res.phi[4]).toBe(res.fx[0]! - res.base[0]!);
    expect(res.phi[4]).not.toBe(0);
  });

  it('stops with an AbortError when shouldStop says so', async () => {
    let calls = 0;
    const counted: BatchModel = (xs, n) => {
      calls++;
      return model(xs, n);
    };
    const run = kernelShap(counted, x, bg, singletons(d), { seed: 1, maxBatchRows: 30, shouldStop: () => calls >= 3 });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'Cancelled.' });
    expect(calls).toBe(3);
  });
});
