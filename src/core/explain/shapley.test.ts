import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXACT_PLAYERS, chooseMethod, exactShapley } from './shapley';
import type { Background, BatchModel, Players } from './types';
import { linearModel, mlp } from './testing';


function background(rows: readonly (readonly number[])[], weights?: readonly number[]): Background {
  const n = rows.length;
  const d = rows[0]!.length;
  return { x: Float32Array.from(rows.flat()), n, d, weights: Float64Array.from(weights ?? rows.map(() => 1 / n)) };
}

const singletons = (d: number): Players => Array.from({ length: d }, (_, i) => [i]);

/**
 * The reference: Shapley values by their definition as the mean marginal contribution over all p!
 * orders, v(S) evaluated one row at a time straight from the definition of the interventional game.
 */
async function bruteForceShapley(model: BatchModel, x: Float32Array, bg: Background, players: Players): Promise<Float64Array[]> {
  const p = players.length;
  const v = async (inS: readonly boolean[]): Promise<number[]> => {
    let acc: number[] = [];
    for (let b = 0; b < bg.n; b++) {
      const row = Float32Array.from(x);
      players.forEach((positions, i) => {
        if (!inS[i]) for (const pos of positions) row[pos] = bg.x[b * bg.d + pos]!;
      });
      const out = Array.from(await model(row, 1));
      acc = out.map((value, o) => (acc[o] ?? 0) + bg.weights[b]! * value);
    }
    return acc;
  };
  const perms: number[][] = [];
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) perms.push(prefix);
    rest.forEach((r, j) => permute([...prefix, r], [...rest.slice(0, j), ...rest.slice(j + 1)]));
  };
  permute([], Array.from({ length: p }, (_, i) => i));
  const phi: Float64Array[] = [];
  for (const order of perms) {
    const inS = new Array<boolean>(p).fill(false);
    let before = await v(inS);
    for (const i of order) {
      inS[i] = true;
      const after = await v(inS);
      phi[i] ??= new Float64Array(after.length);
      after.forEach((a, o) => (phi[i]![o]! += (a - before[o]!) / perms.length));
      before = after;
    }
  }
  return phi;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

describe('exactShapley on a linear model', () => {
  // Multiples of 1/4 and 1/8: every model output is exact in float32, so only float64 rounding remains.
  const cases = [
    { name: 'k = 1', W: [0.5, -1.25, 2, 0, 0.75], b: [0.25] },
    { name: 'k = 2', W: [0.5, 1, -1.25, 0.25, 2, -2, 0, 1.5, 0.75, -0.5], b: [0.25, -1] },
  ];
  const x = Float32Array.from([1.5, -0.25, 2.125, 3, -1]);
  const bg = background([
    [0, 1, -1.5, 0.5, 2],
    [0.25, -2, 0.125, 1, -0.75],
    [-1, 0.5, 1, -3, 0],
    [2, 0.375, -0.5, 0.25, 1.25],
  ]);
  it.each(cases)('gives w_i·(x_i − E[x_i]) ($name)', async ({ W, b }) => {
    const k = b.length;
    const res = await exactShapley(linearModel(W, b), x, bg, singletons(5));
    expect(res.k).toBe(k);
    const expected: number[] = [];
    for (let i = 0; i < 5; i++) {
      let mean = 0;
      for (let r = 0; r < bg.n; r++) mean += bg.x[r * 5 + i]! / bg.n;
      for (let o = 0; o < k; o++) expected.push(W[i * k + o]! * (x[i]! - mean));
    }
    const scale = Math.max(1, maxAbs(expected));
    expected.forEach((e, j) => expect(Math.abs(res.phi[j]! - e), `phi[${j}]`).toBeLessThanOrEqual(1e-9 * scale));
    // base = E[f(b)] and fx = f(x), evaluated directly.
    const fx = linearModel(W, b)(x, 1) as Float32Array;
    const fb = linearModel(W, b)(bg.x, bg.n) as Float32Array;
    for (let o = 0; o < k; o++) {
      expect(res.fx[o]).toBeCloseTo(fx[o]!, 12);
      let mean = 0;
      for (let r = 0; r < bg.n; r++) mean += fb[r * k + o]! / bg.n;
      expect(res.base[o]).toBeCloseTo(mean, 12);
    }
    expect(res.localAccuracyGap).toBeLessThanOrEqual(1e-12 * scale);
  });
});

describe('exactShapley against the permutation definition', () => {
  it('matches the mean marginal contribution over all p! orders (grouped players, a fixed position, weighted background)', async () => {
    const model = mlp(7, 7, 5, 2);
    const x = Float32Array.from([0.3, -1.2, 0.8, 2.1, -0.4, 1.7, -2.2]);
    const bg = background(
      [
        [0.1, 0.2, -0.3, 0.4, -0.5, 0.6, 0.7],
        [-1, 1.5, 0.25, -0.75, 2, -1.25, 0.5],
        [2, -0.5, 1, 0, -1, 0.3, -0.6],
      ],
      [0.5, 0.3, 0.2],
    );
    // Five players; position 4 is in none, so it always keeps x's value.
    const players: Players = [[0, 3], [1], [2], [5], [6]];
    const ref = await bruteForceShapley(model, x, bg, players);
    const res = await exactShapley(model, x, bg, players);
    const scale = Math.max(1, ...ref.map((r) => maxAbs(r)));
    expect(maxAbs(ref[0]!)).toBeGreaterThan(0.01); // the comparison is not between zeros
    ref.forEach((r, i) => r.forEach((e, o) => expect(Math.abs(res.phi[i * 2 + o]! - e), `phi[${i}, ${o}]`).toBeLessThanOrEqual(1e-9 * scale)));
  });
});

interface GameCase {
  readonly d: number;
  readonly x: number[];
  readonly bgRows: number[][];
  readonly rawWeights: number[];
  readonly groupOf: number[];
  readonly seed: number;
  readonly hidden: number;
  readonly k: number;
}
/** A random game: d positions, up to 5 background rows with random weights, players from a random grouping. */
const gameArb: fc.Arbitrary<GameCase> = fc.integer({ min: 2, max: 6 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    x: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
    bgRows: fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 5 }),
    rawWeights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 5, maxLength: 5 }),
    groupOf: fc.array(fc.integer({ min: -1, max: d - 1 }), { minLength: d, maxLength: d }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    hidden: fc.integer({ min: 1, max: 6 }),
    k: fc.integer({ min: 1, max: 3 }),
  }),
);
function buildGame(g: GameCase): { x: Float32Array; bg: Background; players: Players } {
  const raw = g.rawWeights.slice(0, g.bgRows.length);
  const total = raw.reduce((a, b) => a + b, 0);
  const bg = background(g.bgRows, raw.map((r) => r / total));
  const groups: number[][] = Array.from({ length: g.d }, () => []);
  g.groupOf.forEach((grp, pos) => grp >= 0 && groups[grp]!.push(pos));
  const players = groups.filter((grp) => grp.length > 0);
  return { x: Float32Array.from(g.x), bg, players };
}

describe('exactShapley properties (random small networks)', () => {
  it('local accuracy: Σφ + base = f(x), base = E_b f(x_fixed, b)', async () => {
    await fc.assert(
      fc.asyncProperty(gameArb, async (g) => {
        const { x, bg, players } = buildGame(g);
        const model = mlp(g.seed, g.d, g.hidden, g.k);
        const res = await exactShapley(model, x, bg, players);
        const fx = await model(x, 1);
        // v(∅) from its definition: player positions from each background row, the rest from x.
        const inPlayer = new Set(players.flat());
        const absent = new Float32Array(bg.n * g.d);
        for (let r = 0; r < bg.n; r++) for (let i = 0; i < g.d; i++) absent[r * g.d + i] = inPlayer.has(i) ? bg.x[r * g.d + i]! : x[i]!;
        const fAbsent = await model(absent, bg.n);
        for (let o = 0; o < g.k; o++) {
          let base = 0;
          for (let r = 0; r < bg.n; r++) base += bg.weights[r]! * fAbsent[r * g.k + o]!;
          const scale = 1 + Math.abs(fx[o]!) + Math.abs(base);
          expect(Math.abs(res.fx[o]! - fx[o]!)).toBeLessThanOrEqual(1e-12 * scale);
          expect(Math.abs(res.base[o]! - base)).toBeLessThanOrEqual(1e-12 * scale);
          let sum = res.base[o]!;
          for (let i = 0; i < players.length; i++) sum += res.phi[i * g.k + o]!;
          expect(Math.abs(sum - res.fx[o]!)).toBeLessThanOrEqual(1e-12 * scale);
          expect(res.localAccuracyGap).toBeLessThanOrEqual(1e-12 * scale * 3);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('symmetry: two players the model treats alike, with equal values everywhere, get equal φ', async () => {
    await fc.assert(
      fc.asyncProperty(gameArb, async (g) => {
        const rows = g.bgRows.map((r) => [r[0]!, r[0]!, ...r.slice(2)]);
        const xs = [g.x[0]!, g.x[0]!, ...g.x.slice(2)];
        const { x, bg } = buildGame({ ...g, x: xs, bgRows: rows });
        const res = await exactShapley(mlp(g.seed, g.d, g.hidden, g.k, { tie: true }), x, bg, singletons(g.d));
        const scale = 1 + maxAbs(res.phi);
        for (let o = 0; o < g.k; o++) expect(Math.abs(res.phi[o]! - res.phi[g.k + o]!)).toBeLessThanOrEqual(1e-12 * scale);
      }),
      { numRuns: 60 },
    );
  });

  it('dummy: a player the model ignores gets exactly 0', async () => {
    await fc.assert(
      fc.asyncProperty(gameArb, fc.nat(), async (g, pick) => {
        const ignored = pick % g.d;
        const { x, bg } = buildGame(g);
        const res = await exactShapley(mlp(g.seed, g.d, g.hidden, g.k, { ignore: ignored }), x, bg, singletons(g.d));
        for (let o = 0; o < g.k; o++) expect(Math.abs(res.phi[ignored * g.k + o]!)).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('exactShapley mechanics', () => {
  const model = mlp(3, 6, 4, 2);
  const x = Float32Array.from([1, -1, 0.5, 2, -0.5, 0.25]);
  const bg = background([
    [0, 0, 0, 0, 0, 0],
    [1, 2, -1, 0.5, 0.5, -2],
    [-0.5, 1, 1, -1, 2, 0],
  ]);

  it('gives the same values whatever the batch size, in ceil(coalitions / per call) model calls', async () => {
    let calls = 0;
    let maxRows = 0;
    const counted: BatchModel = (xs, n) => {
      calls++;
      maxRows = Math.max(maxRows, n);
      return model(xs, n);
    };
    const whole = await exactShapley(model, x, bg, singletons(6));
    const chunked = await exactShapley(counted, x, bg, singletons(6), {}, { maxBatchRows: 7 });
    expect(Array.from(chunked.phi)).toEqual(Array.from(whole.phi));
    // 7 rows hold 2 coalitions of 3 background rows: 64 coalitions → 32 calls of 6 rows.
    expect(calls).toBe(32);
    expect(maxRows).toBe(6);
  });

  it('accepts an async model and reports progress up to the total', async () => {
    const progress: [number, number][] = [];
    const asyncModel: BatchModel = async (xs, n) => model(xs, n);
    const res = await exactShapley(asyncModel, x, bg, singletons(6), { onProgress: (done, total) => progress.push([done, total]) }, { maxBatchRows: 30 });
    const sync = await exactShapley(model, x, bg, singletons(6));
    expect(Array.from(res.phi)).toEqual(Array.from(sync.phi));
    expect(progress.length).toBe(7); // 10 coalitions per call
    expect(progress.at(-1)).toEqual([64, 64]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
  });

  it('stops with an AbortError named error when shouldStop says so', async () => {
    let calls = 0;
    const counted: BatchModel = (xs, n) => {
      calls++;
      return model(xs, n);
    };
    const run = exactShapley(counted, x, bg, singletons(6), { shouldStop: () => calls >= 2 }, { maxBatchRows: 3 });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'Cancelled.' });
    expect(calls).toBe(2);
  });

  it(`refuses more than ${MAX_EXACT_PLAYERS} players with a plain Error`, async () => {
    const d = MAX_EXACT_PLAYERS + 1;
    const wide = background([new Array<number>(d).fill(0)]);
    const run = exactShapley(linearModel(new Array<number>(d).fill(1), [0]), new Float32Array(d), wide, singletons(d));
    await expect(run).rejects.toThrow(/17 players is over the limit of 16/);
  });

  it.each([
    ['overlapping players', [[0, 1], [1]], bg, /players must be disjoint/],
    ['a position out of range', [[0], [6]], bg, /outside \[0, 6\)/],
    ['an empty player', [[0], []], bg, /has no positions/],
    ['weights that do not sum to 1', [[0]], { ...bg, weights: Float64Array.from([0.5, 0.5, 0.5]) }, /sum to 1.5/],
    ['a row of the wrong length', [[0]], { ...bg, d: 5, x: bg.x.subarray(0, 15) }, /has 6 values; the background has 5 columns/],
  ] as const)('rejects %s', async (_name, players, b, message) => {
    await expect(exactShapley(model, x, b, players)).rejects.toThrow(message);
  });

  it('rejects a model whose output length is not a multiple of the rows, or not finite', async () => {
    await expect(exactShapley((_x, n) => new Float32Array(n * 2 + 1), x, bg, singletons(2))).rejects.toThrow(/returned \d+ values for \d+ rows/);
    await expect(exactShapley((_x, n) => new Float32Array(n).fill(NaN), x, bg, singletons(2))).rejects.toThrow(/non-finite/);
  });
});

describe('chooseMethod', () => {
  it.each([
    [{ players: 5, modelKind: 'linear', requested: 'auto' }, 'linear', /exact linear SHAP on the logit/],
    [{ players: 40, modelKind: 'linear', requested: 'auto' }, 'linear', /exact linear SHAP on the logit/],
    [{ players: 12, modelKind: 'mlp', requested: 'auto' }, 'exact', /4096 coalitions/],
    [{ players: 13, modelKind: 'graph', requested: 'auto' }, 'kernel', /KernelSHAP/],
    [{ players: 3, modelKind: 'baseline', requested: 'auto' }, 'exact', /exact/],
    [{ players: 16, modelKind: 'mlp', requested: 'exact' }, 'exact', /requested/],
    [{ players: 4, modelKind: 'linear', requested: 'kernel' }, 'kernel', /requested/],
    [{ players: 30, modelKind: 'graph', requested: 'gradient' }, 'gradient', /requested/],
    [{ players: 30, modelKind: 'mlp', requested: 'gradient' }, 'gradient', /requested/],
  ] as const)('%o → %s', (args, method, reason) => {
    const choice = chooseMethod(args);
    expect(choice.method).toBe(method);
    expect(choice.reason).toMatch(reason);
  });

  it.each([
    [{ players: 5, modelKind: 'mlp', requested: 'linear' }, /only for linear and logistic models; this model is an MLP/],
    [{ players: 5, modelKind: 'baseline', requested: 'linear' }, /this model is a baseline/],
    [{ players: 17, modelKind: 'mlp', requested: 'exact' }, /limited to 16 players/],
    [{ players: 5, modelKind: 'linear', requested: 'gradient' }, /need a neural network/],
    [{ players: 0, modelKind: 'mlp', requested: 'auto' }, /nothing to explain/],
  ] as const)('refuses %o', (args, message) => {
    expect(() => chooseMethod(args)).toThrow(message);
  });
});
