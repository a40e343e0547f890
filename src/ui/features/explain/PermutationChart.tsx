import { memo } from 'react';
import type { PermutationReport } from '../../../core/explain/reports';
import { formatCount, formatMs, formatNumber } from '../../components/format';
import { linearAxis } from './chartScale';
import { shortName } from './explainView';
import { XAxis } from './XAxis';

const W = 600;
const LEFT = 190;
const RIGHT = 56;
const TOP = 4;
const ROW = 20;
const AXIS = 34;
/** Bars drawn; the table lists every feature. */
const MAX_BARS = 20;

/** Permutation importance: the mean drop of the test score per feature with ±1 std whiskers, and the table. */
export const PermutationChart = memo(function PermutationChart({ report }: { report: PermutationReport }) {
  const bars = report.features.slice(0, MAX_BARS);
  const bottom = TOP + bars.length * ROW;
  const axis = linearAxis(
    bars.flatMap((f) => [f.mean - f.std, f.mean + f.std]),
    LEFT,
    W - RIGHT,
  );
  const x0 = axis.scale(0);
  return (
    <figure className="explain-chart">
      <figcaption>
        Baseline {report.metric} on {formatCount(report.rows)} test rows: <strong>{formatNumber(report.baselineScore)}</strong>. Each bar is the mean drop
        in {report.metric} over {report.repeats} shuffles of that feature. Computed in {formatMs(report.ms)}.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${bottom + AXIS}`} role="img" aria-label={`Permutation importance: drop in ${report.metric} per feature`}>
        <XAxis axis={axis} top={TOP} bottom={bottom} title={`drop in ${report.metric}`} />
        {bars.map((f, i) => {
          const y = TOP + i * ROW;
          const x1 = axis.scale(f.mean);
          const mid = y + ROW / 2;
          return (
            <g key={f.name}>
              <text x={LEFT - 6} y={mid} textAnchor="end" dominantBaseline="middle" className="bar-label">
                <title>{f.name}</title>
                {shortName(f.name)}
              </text>
              <rect x={Math.min(x0, x1)} y={y + 4} width={Math.abs(x1 - x0)} height={ROW - 8} className={f.mean >= 0 ? 'bar' : 'bar down'} />
              <line className="whisker" x1={axis.scale(f.mean - f.std)} x2={axis.scale(f.mean + f.std)} y1={mid} y2={mid} />
              <line className="whisker" x1={axis.scale(f.mean - f.std)} x2={axis.scale(f.mean - f.std)} y1={mid - 4} y2={mid + 4} />
              <line className="whisker" x1={axis.scale(f.mean + f.std)} x2={axis.scale(f.mean + f.std)} y1={mid - 4} y2={mid + 4} />
            </g>
          );
        })}
      </svg>
      {report.features.length > bars.length && <p className="hint">The chart shows the {bars.length} largest; the table lists all.</p>}
      <div className="table-scroll">
        <table className="metrics" aria-label="Permutation importance">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Mean drop</th>
              <th scope="col">Std</th>
            </tr>
          </thead>
          <tbody>
            {report.features.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.name}</th>
                <td className="num">{formatNumber(f.mean)}</td>
                <td className="num">{formatNumber(f.std)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
});
