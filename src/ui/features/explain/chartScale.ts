/**
 * A linear axis for the explain charts: nice ticks over the values (and 0, where bars start), and the
 * map from data to pixels. Built on components/chartGeometry.
 */
import { extentOf, niceTicks } from '../../components/chartGeometry';

export interface LinearAxis {
  readonly ticks: readonly number[];
  readonly min: number;
  readonly max: number;
  /** Data value -> pixel in [from, to]. */
  readonly scale: (v: number) => number;
}

/** An axis covering `values` (non-finite ignored; 0 included when `withZero`) drawn from pixel `from` to `to`. */
export function linearAxis(values: Iterable<number | null>, from: number, to: number, withZero = true, count = 5): LinearAxis {
  const all = [...values];
  if (withZero) all.push(0);
  const { ticks, extent } = niceTicks(extentOf(all) ?? { min: 0, max: 1 }, count);
  const span = extent.max - extent.min || 1;
  return { ticks, min: extent.min, max: extent.max, scale: (v) => from + ((v - extent.min) / span) * (to - from) };
}
