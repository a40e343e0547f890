import { memo } from 'react';
import type { ExplainReport } from '../../../core/explain/reports';
import { jitter, rankColor, valueRanks } from './beeswarm';
import { linearAxis } from './chartScale';
import { meanAbsOf, phiAt, shortName, spaceAxis } from './explainView';
import { byMagnitude } from './topFeatures';
import { XAxis } from './XAxis';

const W = 600;
const LEFT = 190;
const RIGHT = 16;
const TOP = 4;
const ROW = 24;
const AXIS = 34;
/** The most important features get a row each; the importance chart lists them all. */
const MAX_FEATURES = 12;
/**
 * Dots are drawn for at most this many rows (12 × 200 = 2,400 circles): more SVG nodes make the first
 * paint a long main-thread frame, and the extra dots add little to the picture.
 */
const MAX_ROWS = 200;

/**
 * The SHAP summary plot: one dot per explained row and feature, at its attribution (x) in the
 * feature's row (y, jittered so dots do not hide each other), coloured by the rank of the feature's
 * value among the explained rows (blue low, red high, grey for text or missing).
 */
export const Beeswarm = memo(function Beeswarm({ report, output }: { report: ExplainReport; output: number }) {
  const k = report.outputs.length;
  const rows = report.rows.slice(0, MAX_ROWS);
  const features = byMagnitude(report.features, meanAbsOf(report, output)).slice(0, MAX_FEATURES);
  const bottom = TOP + features.length * ROW;
  const axis = linearAxis(
    features.flatMap((f) => rows.map((r) => phiAt(r, f.index, output, k))),
    LEFT,
    W - RIGHT,
  );
  const name = report.outputs[output] ?? '';
  return (
    <figure className="explain-chart">
      <figcaption>Each dot is one explained row: how much the feature moved its prediction, coloured by the feature’s value.</figcaption>
      <svg
        viewBox={`0 0 ${W} ${bottom + AXIS}`}
        role="img"
        aria-label={`SHAP summary: attributions to ${spaceAxis(report.space, name)} of ${rows.length} rows for the ${features.length} most important features`}
      >
        <XAxis axis={axis} top={TOP} bottom={bottom} title={`SHAP value (impact on ${spaceAxis(report.space, name)})`} />
        {features.map((f, i) => {
          const mid = TOP + i * ROW + ROW / 2;
          const ranks = valueRanks(rows.map((r) => r.numeric[f.index] ?? null));
          return (
            <g key={f.index}>
              <text x={LEFT - 6} y={mid} textAnchor="end" dominantBaseline="middle" className="bar-label">
                <title>{f.name}</title>
                {shortName(f.name)}
              </text>
              {rows.map((r, j) => (
                <circle key={j} cx={axis.scale(phiAt(r, f.index, output, k))} cy={mid + jitter(j, ROW * 0.32)} r={2.6} fill={rankColor(ranks[j] ?? null)} />
              ))}
            </g>
          );
        })}
      </svg>
      {rows.length < report.rows.length && (
        <p className="hint">
          Dots for the first {rows.length} of the {report.rows.length} explained rows.
        </p>
      )}
      <p className="value-legend" aria-label="Colour legend">
        Feature value: <span>low</span>
        <span className="gradient" aria-hidden="true" />
        <span>high</span>
        <span className="swatch no-value" aria-hidden="true" /> <span>text or missing</span>
      </p>
    </figure>
  );
});
