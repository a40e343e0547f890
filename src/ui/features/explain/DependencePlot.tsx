import { memo, useId, useState } from 'react';
import type { ExplainReport } from '../../../core/explain/reports';
import { formatCount } from '../../components/format';
import { linearAxis } from './chartScale';
import { dependencePoints } from './dependence';
import { jitter } from './beeswarm';
import { meanAbsOf, shortName, spaceAxis } from './explainView';
import { byMagnitude } from './topFeatures';
import { XAxis } from './XAxis';
import { YAxis } from './YAxis';

const W = 600;
const H = 240;
const M = { top: 22, right: 16, bottom: 40, left: 64 };

/** A SHAP dependence plot for a chosen feature: its value (x) against its attribution (y), one dot per explained row. */
export const DependencePlot = memo(function DependencePlot({ report, output }: { report: ExplainReport; output: number }) {
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const byImportance = byMagnitude(report.features, meanAbsOf(report, output));
  const feature = chosen !== null && report.features.includes(chosen) ? report.features.indexOf(chosen) : (byImportance[0]?.index ?? 0);
  const name = report.features[feature] ?? '';
  const data = dependencePoints(report, feature, output);
  const y = linearAxis(
    data.points.map((p) => p.y),
    H - M.bottom,
    M.top,
  );
  const numeric = data.kind === 'numeric';
  const bands = numeric ? 0 : data.categories.length;
  const x = numeric
    ? linearAxis(
        data.points.map((p) => p.x),
        M.left,
        W - M.right,
        false,
      )
    : null;
  const band = (W - M.left - M.right) / Math.max(1, bands);
  const px = (v: number, j: number) => (x ? x.scale(v) : M.left + (v + 0.5) * band + jitter(j, band * 0.3));
  const what = spaceAxis(report.space, report.outputs[output] ?? '');
  return (
    <figure className="explain-chart">
      <div className="field inline">
        <label htmlFor={id}>Dependence plot feature</label>
        <select id={id} value={name} onChange={(e) => setChosen(e.target.value)}>
          {byImportance.map((f) => (
            <option key={f.index} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Dependence plot: SHAP value of “${name}” against its value, ${data.points.length} rows`}>
        <YAxis axis={y} left={M.left} right={W - M.right} title={`SHAP value of ${shortName(name, 40)} (${what})`} />
        {x ? (
          <XAxis axis={x} top={M.top} bottom={H - M.bottom} title={shortName(name, 60)} />
        ) : (
          <g className="axis">
            {(data.kind === 'categorical' ? data.categories : []).map((c, i) => (
              <text key={c} x={M.left + (i + 0.5) * band} y={H - M.bottom + 13} textAnchor="middle">
                <title>{c}</title>
                {shortName(c, Math.max(3, Math.floor(band / 7)))}
              </text>
            ))}
          </g>
        )}
        {data.points.map((p, j) => (
          <circle key={j} cx={px(p.x, j)} cy={y.scale(p.y)} r={3} className="dot" />
        ))}
      </svg>
      {data.missing > 0 && (
        <p className="hint">
          {formatCount(data.missing)} row{data.missing === 1 ? '' : 's'} without a value{numeric ? '' : ' (or in a rarer category)'} not drawn.
        </p>
      )}
    </figure>
  );
});
