import type { ExplainMethod, ExplainReport } from '../../../core/explain/reports';
import { formatCount, formatMs } from '../../components/format';
import { gapText, spaceLabel } from './explainView';

const METHOD_NAMES: Record<ExplainMethod, string> = {
  exact: 'Exact Shapley values',
  kernel: 'KernelSHAP',
  linear: 'Linear SHAP',
  gradient: 'Expected gradients',
};

/** How the attributions were computed: method and why, what they add up to and how closely, background, notes. */
export function MethodFacts({ report, output }: { report: ExplainReport; output: number }) {
  return (
    <>
      <dl className="facts" aria-label="How the explanation was computed">
        <dt>Method</dt>
        <dd>
          {METHOD_NAMES[report.method]}: {report.methodReason}
        </dd>
        <dt>Attributions of</dt>
        <dd>the {spaceLabel(report.space, report.outputs[output] ?? '')}</dd>
        <dt>Local accuracy</dt>
        <dd>{gapText(report.localAccuracyGap)}</dd>
        <dt>Background</dt>
        <dd>
          {formatCount(report.background.rows)} {report.background.summary === 'kmeans' ? 'k-means centres summarizing the training rows' : 'training rows'}
        </dd>
        <dt>Explained</dt>
        <dd>
          {formatCount(report.rows.length)} test rows, {formatCount(report.features.length)} {report.granularity === 'source' ? 'columns' : 'encoded columns'}, in{' '}
          {formatMs(report.ms)}
        </dd>
      </dl>
      {report.notes.length > 0 && (
        <ul className="compact" aria-label="Explanation notes">
          {report.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}
