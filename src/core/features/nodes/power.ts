/**
 * `power`: the Yeo-Johnson transform, which makes a skewed column more Gaussian-like and, unlike
 * Box-Cox, accepts zero and negative values. Chosen over Box-Cox for that reason.
 *
 *   ψ(x, λ) = ((x + 1)^λ − 1) / λ          x ≥ 0, λ ≠ 0        log1p(x)      x ≥ 0, λ = 0
 *   ψ(x, λ) = −((1 − x)^(2−λ) − 1) / (2 − λ)  x < 0, λ ≠ 2        −log1p(−x)    x < 0, λ = 2
 *
 * λ is fitted per column on the training rows by maximum likelihood (as scipy's yeojohnson_normmax and
 * scikit-learn's PowerTransformer): it maximizes
 *   llf(λ) = −n/2 · log(var(ψ(x, λ))) + (λ − 1) · Σ sign(x) · log1p(|x|)
 * (population variance), searched in [−10, 10]: a grid of step 0.25, then golden-section refinement
 * around the best grid point. With `standardize`, the output is then centered and scaled by the mean and
 * population std of the transformed training values (std 0 → 1), as PowerTransformer does by default.
 * A column with fewer than two distinct training values keeps λ = 1 (the identity). Missing stays
 * missing. Cost: about 140 passes over the training values per column.
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { columnList, editLineage, editTable, isNumeric, mean, numericColumn, populationStd, requireNumeric, resolveColumns, sortedPresentAt } from './columns';
import { defineFeatureNode } from './define';

const NODE = 'Power transform';
const LAMBDA_MIN = -10;
const LAMBDA_MAX = 10;
const GRID_STEP = 0.25;
const GOLDEN_STEPS = 60;

export const powerParams = z.object({
  columns: columnList,
  standardize: z.boolean().default(true),
});
export type PowerParams = z.infer<typeof powerParams>;

export interface PowerColumn {
  readonly name: string;
  readonly lambda: number;
  /** Subtracted after the transform (0 without standardize). */
  readonly mean: number;
  /** Divided by after subtracting the mean (1 without standardize); never 0. */
  readonly std: number;
}

export interface PowerState {
  readonly columns: PowerColumn[];
}

/** ψ(x, λ) above, with expm1/log1p for accuracy near λ = 0 and λ = 2; λ = 1 is exactly x. NaN → NaN. */
export function yeoJohnson(x: number, lambda: number): number {
  if (lambda === 1) return x; // exactly the identity (expm1(log1p(x)) may differ from x in the last bit)
  if (x >= 0) return Math.abs(lambda) < Number.EPSILON ? Math.log1p(x) : Math.expm1(lambda * Math.log1p(x)) / lambda;
  if (x < 0) {
    const mu = 2 - lambda;
    return Math.abs(mu) < Number.EPSILON ? -Math.log1p(-x) : -Math.expm1(mu * Math.log1p(-x)) / mu;
  }
  return NaN;
}

/** llf(λ) above for finite values `x`; −Infinity where the transform overflows. */
export function yeoJohnsonLogLikelihood(x: Float64Array, lambda: number): number {
  const t = x.map((v) => yeoJohnson(v, lambda));
  const m = mean(t);
  let ss = 0;
  for (const v of t) ss += (v - m) ** 2;
  let s = 0;
  for (const v of x) s += Math.sign(v) * Math.log1p(Math.abs(v));
  const llf = (-x.length / 2) * Math.log(ss / x.length) + (lambda - 1) * s;
  return Number.isNaN(llf) || llf === Infinity ? -Infinity : llf;
}

/** The maximum-likelihood λ for finite values `x` (1 when fewer than two distinct values). */
export function fitYeoJohnsonLambda(x: Float64Array): number {
  let distinct = false;
  for (const v of x) if (v !== x[0]) distinct = true;
  if (!distinct) return 1;
  const llf = (l: number) => yeoJohnsonLogLikelihood(x, l);
  let best = 1;
  let bestLlf = llf(1);
  for (let l = LAMBDA_MIN; l <= LAMBDA_MAX; l += GRID_STEP) {
    const v = llf(l);
    if (v > bestLlf) [best, bestLlf] = [l, v];
  }
  // Golden-section search for the maximum in [best − step, best + step].
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.max(LAMBDA_MIN, best - GRID_STEP);
  let b = Math.min(LAMBDA_MAX, best + GRID_STEP);
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = llf(c);
  let fd = llf(d);
  for (let i = 0; i < GOLDEN_STEPS; i++) {
    if (fc >= fd) {
      [b, d, fd] = [d, c, fc];
      c = b - g * (b - a);
      fc = llf(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + g * (b - a);
      fd = llf(d);
    }
  }
  const refined = (a + b) / 2;
  return llf(refined) >= bestLlf ? refined : best;
}

export const powerNode = defineFeatureNode<PowerParams, PowerState>({
  kind: 'power',
  label: NODE,
  help: 'Reshapes a skewed numeric column to look more like a bell curve (Yeo-Johnson, works with negatives).',
  params: powerParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Numeric columns to transform; leave empty for every numeric column.' },
    standardize: { label: 'Standardize', help: 'Also rescale the result to mean 0 and standard deviation 1 (training rows).' },
  },
  fit(input, params, ctx) {
    const names = resolveColumns(input, params.columns, NODE, ctx, { auto: isNumeric, accepts: isNumeric, needs: 'numbers' });
    return {
      columns: names.map((name): PowerColumn => {
        const x = sortedPresentAt(requireNumeric(input, name, NODE), ctx.trainRows);
        const lambda = fitYeoJohnsonLambda(x);
        if (!params.standardize || x.length === 0) return { name, lambda, mean: 0, std: 1 };
        const t = x.map((v) => yeoJohnson(v, lambda));
        const m = mean(t);
        const s = populationStd(t, m);
        return { name, lambda, mean: m, std: s > 0 && Number.isFinite(s) ? s : 1 };
      }),
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const c of state.columns) {
      const values = requireNumeric(input, c.name, NODE);
      replace.set(c.name, [numericColumn(c.name, values.map((v) => (yeoJohnson(v, c.lambda) - c.mean) / c.std))]);
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns: (inputColumns) => [...inputColumns],
  lineage: (inputColumns) => editLineage(inputColumns),
});
