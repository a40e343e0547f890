/**
 * Pure geometry for the small line charts (components/LineChart.tsx): axis extents, "nice" tick values
 * and SVG path data. Kept free of React and the DOM so it is unit-tested.
 */

export interface Extent {
  readonly min: number;
  readonly max: number;
}

/** Min and max of the finite values, or null when there is none. A flat range is widened. */
export function extentOf(values: Iterable<number | null>): Extent | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.05;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

/**
 * About `count` evenly spaced tick values covering [min, max] at a "nice" step (1, 2 or 5 x 10^k);
 * the returned extent is widened to the outer ticks.
 */
export function niceTicks(extent: Extent, count = 5): { readonly ticks: number[]; readonly extent: Extent } {
  const span = extent.max - extent.min;
  const raw = span / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const lo = Math.floor(extent.min / step + 1e-9) * step;
  const hi = Math.ceil(extent.max / step - 1e-9) * step;
  const ticks: number[] = [];
  // Rounding to the step's decimals avoids ticks such as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0, v = lo; v <= hi + step * 1e-9 && i < 100; i++, v = lo + i * step) ticks.push(Number(v.toFixed(decimals)));
  return { ticks, extent: { min: ticks[0] ?? lo, max: ticks[ticks.length - 1] ?? hi } };
}

/** Integer ticks for epochs 1..last, at most about `count` of them. */
export function epochTicks(first: number, last: number, count = 6): number[] {
  if (last <= first) return [first];
  const span = last - first;
  const step = Math.max(1, Math.ceil(niceTicks({ min: 0, max: span }, count).ticks[1] ?? 1));
  const ticks: number[] = [];
  for (let v = Math.ceil(first / step) * step; v <= last; v += step) ticks.push(v);
  if (ticks[0] !== first && (ticks[0] ?? Infinity) - first >= step / 2) ticks.unshift(first);
  return ticks;
}

/**
 * SVG path data through the points (x[i], y[i]); a null or non-finite y breaks the line (a gap).
 * `sx`/`sy` map data values to pixels.
 */
export function linePath(
  x: readonly number[],
  y: readonly (number | null)[],
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < x.length; i++) {
    const yi = y[i];
    const xi = x[i];
    if (xi === undefined || yi === null || yi === undefined || !Number.isFinite(yi)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(xi).toFixed(1)} ${sy(yi).toFixed(1)}`;
    pen = true;
  }
  return d;
}
