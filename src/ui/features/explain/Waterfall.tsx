import { memo, useId, useState } from 'react';
import type { ExplainReport } from '../../../core/explain/reports';
import { formatNumber } from '../../components/format';
import { linearAxis } from './chartScale';
import { formatSigned, rowName, rowPhis, shortName, spaceLabel } from './explainView';
import { waterfallSteps } from './waterfall';
import { XAxis } from './XAxis';

const W = 600;
const LEFT = 230;
// Room for the value printed after a bar that ends at the right edge ("+0.06043").
const RIGHT = 64;
const TOP = 20;
const ROW = 22;
const AXIS = 48;

/**
 * One explained row's waterfall: from the base value E[f(x)] each feature's contribution (largest
 * first, the smallest folded) to the prediction f(x). The <svg> carries data-base and data-prediction
 * and each bar data-contribution (numbers, for tests); the same numbers are in the table below.
 */
export const Waterfall = memo(function Waterfall({ report, output }: { report: ExplainReport; output: number }) {
  const id = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const row = report.rows.find((r) => r.row === chosen) ?? report.rows[0];
  if (!row) return null;
  const base = report.base[output] ?? 0;
  const fx = row.fx[output] ?? 0;
  const { steps } = waterfallSteps(base, rowPhis(report, row, output), report.features, row.values);
  const bottom = TOP + steps.length * ROW;
  const axis = linearAxis([base, fx, ...steps.map((s) => s.end)], LEFT, W - RIGHT, false);
  const what = spaceLabel(report.space, report.outputs[output] ?? '');
  const label = (s: (typeof steps)[number]) => (s.value === null ? s.label : `${s.label} = ${s.value}`);
  return (
    <figure className="explain-chart">
      <div className="field inline">
        <label htmlFor={id}>Row to explain</label>
        <select id={id} value={row.row} onChange={(e) => setChosen(Number(e.target.value))}>
          {report.rows.map((r) => (
            <option key={r.row} value={r.row}>
              {rowName(r)}
            </option>
          ))}
        </select>
      </div>
      <figcaption>
        {rowName(row)}: from the base value E[f(x)] (the average over the background) to this row’s prediction f(x), the {what}.
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${bottom + AXIS}`}
        role="img"
        aria-label={`Waterfall of ${rowName(row)}: base ${formatNumber(base)}, prediction ${formatNumber(fx)}`}
        data-base={String(base)}
        data-prediction={String(fx)}
      >
        <XAxis axis={axis} top={TOP} bottom={bottom} title={what} />
        <line className="marker" x1={axis.scale(base)} x2={axis.scale(base)} y1={TOP} y2={bottom} />
        <line className="marker" x1={axis.scale(fx)} x2={axis.scale(fx)} y1={TOP - 4} y2={bottom} />
        <text x={axis.scale(fx)} y={TOP - 8} textAnchor="middle" className="marker-label">
          f(x) = {formatNumber(fx)}
        </text>
        {steps.map((s, i) => {
          const y = TOP + i * ROW;
          const x0 = axis.scale(Math.min(s.start, s.end));
          const x1 = axis.scale(Math.max(s.start, s.end));
          const up = s.contribution >= 0;
          return (
            <g key={s.label}>
              <text x={LEFT - 6} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="bar-label">
                <title>{label(s)}</title>
                {shortName(label(s), 36)}
              </text>
              <rect x={x0} y={y + 3} width={Math.max(1, x1 - x0)} height={ROW - 6} className={up ? 'bar up' : 'bar down'} data-contribution={String(s.contribution)} />
              {i + 1 < steps.length && <line className="connector" x1={axis.scale(s.end)} x2={axis.scale(s.end)} y1={y + ROW - 3} y2={y + ROW + 3} />}
              <text x={up ? x1 + 4 : x0 - 4} y={y + ROW / 2} textAnchor={up ? 'start' : 'end'} dominantBaseline="middle" className="bar-value">
                {formatSigned(s.contribution)}
              </text>
            </g>
          );
        })}
        <text x={axis.scale(base)} y={bottom + 42} textAnchor="middle" className="marker-label">
          E[f(x)] = {formatNumber(base)}
        </text>
      </svg>
      <table className="metrics compact-table" aria-label="Waterfall contributions">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Base value E[f(x)]</th>
            <td className="num">{formatNumber(base)}</td>
          </tr>
          {steps.map((s) => (
            <tr key={s.label}>
              <th scope="row">{label(s)}</th>
              <td className="num">{formatSigned(s.contribution)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Prediction f(x)</th>
            <td className="num">{formatNumber(fx)}</td>
          </tr>
        </tbody>
      </table>
    </figure>
  );
});
