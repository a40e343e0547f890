/**
 * The two-sample Kolmogorov-Smirnov test as SciPy 1.10 computes `ks_2samp(a, b, method='asymp')`:
 * the statistic D = max |F_a(x) − F_b(x)| over both samples' values, and its two-sided p-value from the
 * finite-n Kolmogorov distribution `kstwo.sf(D, round(n1·n2 / (n1 + n2)))` (NumPy rounds halves to even).
 *
 * `kolmogorovSf` ports SciPy's `_kolmogn` (scipy/stats/_ksstats.py, after Simard & L'Ecuyer 2011): it
 * picks per (n, d) between exact end formulas (Ruben-Gambino), the Durbin matrix algorithm (Marsaglia,
 * Tsang & Wang 2003), Pomeranz's recursion, the Pelz-Good asymptotic series and 2 × the one-sided
 * Smirnov tail (Birnbaum-Tingey sum). Ported rather than replaced by the limiting Kolmogorov
 * distribution, which is off by up to ~0.05 for the small samples drift checks meet. Checked against
 * SciPy's numbers (fixtures/ks.json, scripts/make-drift-fixtures.py). No npm package offers this.
 *
 * Cost: the statistic is O(n1 + n2) on sorted inputs; the p-value at most O(n) for the Smirnov sum,
 * O(m³ log n) with m ≤ 2·n^(1/3)·1.25 for the Durbin matrix, O(n²) for Pomeranz (n ≤ 140).
 */

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
/** log(DBL_MIN): cephes' MINLOG, below which exp underflows. */
const CEPHES_MINLOG = Math.log(2 ** -1022);
/** Stirling coefficients B_2j / (2j) / (2j − 1) for j = 8..1 (highest power first), as doubles. */
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clip01 = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/** x · 2^e without overflowing the intermediate power of two. */
function ldexp(x: number, e: number): number {
  let v = x;
  let k = e;
  while (k > 1000) {
    v *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    v *= 2 ** -1000;
    k += 1000;
  }
  return v * 2 ** k;
}

/** NumPy's round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** log(n! / n^n) by Stirling's series, n*log(n) removed up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const x = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * x + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * P(D_n⁺ ≥ x), the one-sided Smirnov tail (SciPy's `special.smirnov`): the Birnbaum-Tingey sum
 * x Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v), all terms positive, summed in
 * logs (SciPy uses double-double arithmetic; both agree far below the tests' tolerance).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxfl = Math.floor(nx);
  if (nxfl === 0 || (nxfl === 1 && nx === 1)) return clip01(1 - x * (1 + x) ** (n - 1));
  if (-2 * n * x * x < CEPHES_MINLOG) return 0;
  if (nxfl >= n - 1) return clip01((1 - x) ** n);
  if (n > 1_000_000) return clip01(Math.exp(-((6 * n * x + 1) ** 2) / 18 / n));
  // The last term with 1 − x − v/n > 0 (when n·x is an integer, the next one is exactly 0).
  const last = n - nxfl - 1;
  let sum = 0;
  let logC = 0;
  for (let v = 0; v <= last; v++) {
    const up = v / n + x;
    const down = (n - v) / n - x;
    if (down > 0) sum += Math.exp(logC + (v - 1) * Math.log(up) + (n - v) * Math.log(down));
    logC += Math.log((n - v) / (v + 1));
  }
  return clip01(x * sum);
}

/** Pr(D_n ≤ d) by the Durbin matrix algorithm, as Marsaglia, Tsang & Wang compute it. */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1]! *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  const matmul = (a: Float64Array, b: Float64Array): Float64Array<ArrayBuffer> => {
    const out = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let l = 0; l < m; l++) {
        const ail = a[i * m + l]!;
        if (ail === 0) continue;
        for (let j = 0; j < m; j++) out[i * m + j]! += ail * b[l * m + j]!;
      }
    }
    return out;
  };
  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      power = matmul(power, H);
      expnt += hExpnt;
    }
    H = matmul(H, H);
    hExpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]!) > E128) {
      for (let i = 0; i < H.length; i++) H[i]! /= E128;
      hExpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      expnt -= 128;
    }
  }
  return clip01(expnt !== 0 ? ldexp(p, expnt) : p);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pr(D_n ≤ x) by Pomeranz's recursion (exact; SciPy uses it for n ≤ 140 and 0.75 < n·x² ≤ 4). */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinus2GOverN = (1 - 2 * g) / n;
  for (let k = 1; k < npwrs; k++) {
    gpower[k] = (gpower[k - 1]! * gOverN) / k;
    twogpower[k] = (twogpower[k - 1]! * twoGOverN) / k;
    onem2gpower[k] = (onem2gpower[k - 1]! * oneMinus2GOverN) / k;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]), slices clipped at the array's end.
      const aStart = k1 - V0s;
      const aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
      const bLen = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        const lo = Math.max(0, idx - bLen + 1);
        const hi = Math.min(idx, aLen - 1);
        for (let a = lo; a <= hi; a++) s += V0[aStart + a]! * pwrs[idx - a]!;
        V1[c] = s;
      }
      let max = -Infinity;
      for (const value of V1) if (value > max) max = value;
      if (max > 0 && max < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c]! *= E128;
        expnt -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s]!;
  for (let k = 1; k <= n; k++) {
    if (Math.abs(ans) > E128) {
      ans *= EM128;
      expnt += 128;
    }
    ans *= k;
  }
  return clip01(expnt !== 0 ? ldexp(ans, expnt) : ans);
}

/** The Pelz-Good approximation to Pr(D_n ≤ x) (SciPy uses it for large n and moderate x). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qpower + coeffs[i]!;
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (((K[i]! * q) * SQRT2PI) / denominators[i]!);
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k ** 2;
    const qp = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] = K[2]! + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = K[3]! + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i]! / n ** (i / 2);
  return sum;
}

/**
 * Pr(D_n ≥ d) for the two-sided one-sample statistic D_n (SciPy's `kstwo.sf(d, n)`); NaN unless n is
 * a positive integer. Branches and cut-offs as in SciPy's `_kolmogn(n, d, cdf=False)`.
 */
export function kolmogorovSf(n: number, d: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(d)) return NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - d) ** n);
  if (d >= 0.5) return clip01(2 * smirnovSf(n, d));
  const nx2 = t * d;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1 - durbinCdf(n, d));
    if (nx2 <= 4) return clip01(1 - pomeranzCdf(n, d));
    return clip01(2 * smirnovSf(n, d));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, d));
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clip01(1 - cdf);
}

export interface KsResult {
  /** max |F_a − F_b| over the values of both samples, in [0, 1]. */
  readonly statistic: number;
  /** Two-sided p-value; NaN when round(n1·n2 / (n1 + n2)) is 0 (one value on each side). */
  readonly pValue: number;
}

/**
 * The two-sample KS test of two ascending-sorted samples without NaN (callers sort; nothing is
 * copied). Throws when either is empty. Matches `scipy.stats.ks_2samp(a, b, method='asymp')`.
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('ksTwoSample: both samples need at least one value.');
  // F_a − F_b at every value of either sample (counts of values ≤ it), as SciPy's searchsorted 'right'.
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const statistic = Math.max(clip01(-minS), maxS);
  const [big, small] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (big * small) / (big + small);
  return { statistic, pValue: kolmogorovSf(roundHalfEven(en), statistic) };
}
