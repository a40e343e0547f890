import { memo } from 'react';
import type { ExplainReport } from '../../../core/explain/reports';
import { formatNumber } from '../../components/format';
import { linearAxis } from './chartScale';
import { meanAbsOf, shortName, spaceLabel } from './explainView';
import { byMagnitude, groupOthers, othersLabel } from './topFeatures';
import { XAxis } from './XAxis';

const W = 600;
const LEFT = 190;
const RIGHT = 56;
const TOP = 4;
const ROW = 20;
const AXIS = 34;
/** Bars drawn one by one; the rest are summed in one bar (the table lists every feature). */
const MAX_BARS = 15;

/** Global importance: mean |SHAP value| per feature for one output, largest first, with its numbers in a table. */
export const ImportanceChart = memo(function ImportanceChart({ report, output }: { report: ExplainReport; output: number }) {
  const sorted = byMagnitude(report.features, meanAbsOf(report, output));
  const { shown, others } = groupOthers(sorted, MAX_BARS);
  const bars = shown.map((f) => ({ key: `f${f.index}`, label: f.name, value: f.value }));
  if (others) bars.push({ key: 'others', label: othersLabel(others.count), value: others.value });
  const bottom = TOP + bars.length * ROW;
  const axis = linearAxis(
    bars.map((b) => b.value),
    LEFT,
    W - RIGHT,
  );
  const what = spaceLabel(report.space, report.outputs[output] ?? '');
  return (
    <figure className="explain-chart">
      <figcaption>
        Global importance: the mean absolute SHAP value of each feature over the {report.rows.length} explained rows, for the{' '}
        {what}.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${bottom + AXIS}`} role="img" aria-label={`Global feature importance (mean |SHAP value|, ${what})`}>
        <XAxis axis={axis} top={TOP} bottom={bottom} title="mean |SHAP value|" />
        {bars.map((b, i) => {
          const y = TOP + i * ROW;
          const x0 = axis.scale(0);
          return (
            <g key={b.key}>
              <text x={LEFT - 6} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="bar-label">
                <title>{b.label}</title>
                {shortName(b.label)}
              </text>
              <rect x={x0} y={y + 3} width={Math.max(0, axis.scale(b.value) - x0)} height={ROW - 6} className={b.key === 'others' ? 'bar others' : 'bar'} />
              <text x={axis.scale(b.value) + 4} y={y + ROW / 2} dominantBaseline="middle" className="bar-value">
                {formatNumber(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden" aria-label="Global feature importance (numbers)">
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Mean |SHAP value|</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((f) => (
            <tr key={f.index}>
              <th scope="row">{f.name}</th>
              <td className="num">{formatNumber(f.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
