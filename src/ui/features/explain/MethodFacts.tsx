import type { ExplainMethod, ExplainReport } from '../../../core/explain/reports';
import { formatCount, formatMs } from '../../components/format';
import { gapText, spaceLabel } from './explainView';

const METHOD_NAMES: Record<ExplainMethod, string> = {
  exact: 'Exact Shapley values',
  kernel: 'KernelSHAP',
  linear: 'Linear SHAP',
  gradient: 'Expected gradients',
};

/** The method's name and the reason, without saying the name twice ("Exact Shapley values (6 players: …)"). */
export function methodText(report: Pick<ExplainReport, 'method' | 'methodReason'>): string {
  const name = METHOD_NAMES[report.method];
  const reason = report.methodReason;
  if (reason.toLowerCase().startsWith(name.toLowerCase())) return name + reason.slice(name.length);
  return `${name}: ${reason}`;
}

/** How the attributions were computed: method and why, what they add up to and how closely, background, notes. */
export function MethodFacts({ report, output }: { report: ExplainReport; output: number }) {
  return (
    <>
      <dl className="facts" aria-label="How the explanation was computed">
        <dt>Method</dt>
        <dd>
          {methodText(report)}
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
