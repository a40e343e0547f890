/**
 * A small SVG line chart for live training curves.
 *
 * Hand-written instead of recharts on purpose: measured in headless Chromium on the 2-core build
 * machine while a model trained in the worker, two recharts 3 LineCharts redrawn 4 times a second
 * caused about 12 main-thread long tasks (55-220 ms) in 5 s of training; re-measured on an idle machine
 * with fixed-size charts, 400 ms throttling and useDeferredValue, recharts still gave two tasks of
 * 50-140 ms per run (its first render with data costs ~110 ms). This component caused none,
 * and it keeps ~420 KB of recharts out of the page bundle. The issue requires no long task > 50 ms
 * during training. It draws only what the curves need: nice y ticks, integer x ticks, grid, lines
 * with gaps for missing values, and an HTML legend.
 */
import { memo } from 'react';
import { epochTicks, extentOf, linePath, niceTicks } from './chartGeometry';

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** One value per x; null for none (drawn as a gap). */
  readonly values: readonly (number | null)[];
}

const W = 600;
const H = 200;
const M = { top: 10, right: 14, bottom: 26, left: 58 };

export const LineChart = memo(function LineChart({
  title,
  x,
  series,
  formatY,
  xLabel,
}: {
  /** Accessible name of the chart image, e.g. "Loss per epoch". */
  title: string;
  x: readonly number[];
  series: readonly ChartSeries[];
  formatY: (v: number) => string;
  xLabel: string;
}) {
  const yRaw = extentOf(series.flatMap((s) => s.values));
  const { ticks: yTicks, extent: y } = niceTicks(yRaw ?? { min: 0, max: 1 }, 5);
  const x0 = x[0] ?? 1;
  const x1 = Math.max(x[x.length - 1] ?? 1, x0 + 1);
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (v: number) => H - M.bottom - ((v - y.min) / (y.max - y.min || 1)) * (H - M.top - M.bottom);
  const xTicks = x.length > 0 ? epochTicks(x0, x[x.length - 1] ?? x0) : [];
  return (
    <div className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} className="line-chart">
        <g className="grid">
          {yTicks.map((t) => (
            <line key={t} x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} />
          ))}
        </g>
        <g className="axis">
          <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
          {yTicks.map((t) => (
            <text key={t} x={M.left - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle">
              {formatY(t)}
            </text>
          ))}
          {xTicks.map((t) => (
            <text key={t} x={sx(t)} y={H - M.bottom + 15} textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={W - M.right} y={H - 2} textAnchor="end" className="axis-label">
            {xLabel}
          </text>
        </g>
        {series.map((s) => (
          <path key={s.name} d={linePath(x, s.values, sx, sy)} stroke={s.color} className="series" />
        ))}
      </svg>
      <ul className="legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.name}>
            <span className="swatch" style={{ backgroundColor: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
});
