import { memo } from 'react';
import type { PartialDependenceReport } from '../../../core/explain/reports';
import { linePath } from '../../components/chartGeometry';
import { formatCount, formatMs, formatNumber } from '../../components/format';
import { linearAxis } from './chartScale';
import { shortName, spaceAxis } from './explainView';
import { XAxis } from './XAxis';
import { YAxis } from './YAxis';

const W = 600;
const H = 240;
const M = { top: 22, right: 16, bottom: 40, left: 64 };

/**
 * Partial dependence of one output on one column: the average prediction as the column is set to each
 * grid value (thick), over thin ICE lines of individual rows. A categorical column is drawn as points
 * per level (each row's as small dots, the average as a bar mark).
 */
export const PartialDependenceChart = memo(function PartialDependenceChart({ report, output }: { report: PartialDependenceReport; output: number }) {
  const k = report.outputs.length;
  const at = (values: readonly number[], g: number) => values[g * k + output] ?? null;
  const average = report.grid.map((_, g) => at(report.average, g));
  const ice = report.ice.map((c) => report.grid.map((_, g) => at(c.values, g)));
  const y = linearAxis([...average, ...ice.flat()], H - M.bottom, M.top, false);
  const what = spaceAxis(report.space, report.outputs[output] ?? '');
  const numeric = report.kind === 'numeric';
  const xs = numeric ? report.grid.map(Number) : report.grid.map((_, i) => i);
  const x = numeric ? linearAxis(xs, M.left, W - M.right, false) : null;
  const band = (W - M.left - M.right) / Math.max(1, report.grid.length);
  const sx = x ? x.scale : (i: number) => M.left + (i + 0.5) * band;
  return (
    <figure className="explain-chart">
      <figcaption>
        Average {what} as “{report.feature}” is set to each value, over {formatCount(report.rows)} test rows; thin {numeric ? 'lines' : 'dots'} are single
        rows (ICE). Computed in {formatMs(report.ms)}.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Partial dependence of ${what} on “${report.feature}”`}>
        <YAxis axis={y} left={M.left} right={W - M.right} title={what} />
        {x ? (
          <XAxis axis={x} top={M.top} bottom={H - M.bottom} title={shortName(report.feature, 60)} />
        ) : (
          <g className="axis">
            {report.grid.map((g, i) => (
              <text key={i} x={sx(i)} y={H - M.bottom + 13} textAnchor="middle">
                <title>{String(g)}</title>
                {shortName(String(g), Math.max(3, Math.floor(band / 7)))}
              </text>
            ))}
          </g>
        )}
        {numeric ? (
          <>
            <g className="ice">
              {ice.map((values, i) => (
                <path key={i} d={linePath(xs, values, sx, y.scale)} />
              ))}
            </g>
            <path className="pdp-average" d={linePath(xs, average, sx, y.scale)} />
          </>
        ) : (
          <>
            <g className="ice-dots">
              {ice.flatMap((values, i) => values.map((v, g) => (v === null ? null : <circle key={`${i}:${g}`} cx={sx(g)} cy={y.scale(v)} r={1.8} />)))}
            </g>
            {average.map((v, g) =>
              v === null ? null : <line key={g} className="pdp-level" x1={sx(g) - band * 0.3} x2={sx(g) + band * 0.3} y1={y.scale(v)} y2={y.scale(v)} />,
            )}
          </>
        )}
      </svg>
      <table className="visually-hidden" aria-label="Partial dependence (numbers)">
        <thead>
          <tr>
            <th scope="col">{report.feature}</th>
            <th scope="col">Average {what}</th>
          </tr>
        </thead>
        <tbody>
          {report.grid.map((g, i) => (
            <tr key={i}>
              <th scope="row">{typeof g === 'number' ? formatNumber(g) : g}</th>
              <td className="num">{formatNumber(average[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
