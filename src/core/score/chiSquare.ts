/**
 * The chi-square distribution's survival function, P(X ≥ x) for X ~ χ²(k): how often a statistic at
 * least this large arises by chance. drift.ts uses it to tell a PSI that reflects a real change from
 * one that small samples produce by themselves (n_eff · PSI is approximately χ² with bins − 1 degrees
 * of freedom under no drift). Written here because no small, kept library provides it; the method is
 * the regularized upper incomplete gamma function Q(k/2, x/2): a series for x < a + 1, a continued
 * fraction (modified Lentz) otherwise, as in Numerical Recipes §6.2. Accurate to ~1e-12 relative.
 */

/** ln Γ(z) for z > 0 (Lanczos, g = 7, n = 9). */
function logGamma(z: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function. */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // P(a, x) by its series; Q = 1 − P.
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(lead);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(lead) * h;
}

/** P(X ≥ x) for X ~ χ²(k), k > 0. Cost: up to ~1000 iterations, usually a few dozen. */
export function chiSquareSf(x: number, k: number): number {
  if (!(k > 0)) throw new RangeError(`Degrees of freedom must be positive (got ${k}).`);
  if (Number.isNaN(x)) return NaN;
  return Math.min(1, Math.max(0, upperGamma(k / 2, x / 2)));
}
