import { useDeferredValue } from 'react';
import type { ClassificationMetrics, Metrics } from '../../../core/evaluate/types';
import { Section } from '../../components/Section';
import { formatCount, formatMs, formatNumber } from '../../components/format';
import { useStudio } from '../../store/store';
import { buildMetricRows, formatMetric } from './metricRows';

/** How a result's model is named in its heading. */
const MODEL_NAMES: Readonly<Record<string, string>> = { baseline: 'Baseline', linear: 'Linear model', mlp: 'MLP', graph: 'Pipeline graph' };

const STOPPED_BY = {
  completed: 'all epochs ran',
  'early-stopping': 'early stopping',
  user: 'you pressed Stop',
} as const;

/** The last run's numbers: test and validation metrics beside the baseline, per class, and how it ran. */
export function ResultsPanel() {
  // Deferred: the tables render in an interruptible pass, not in one long main-thread task.
  const result = useDeferredValue(useStudio((s) => s.result));
  if (!result) return null;
  const { metrics } = result;
  return (
    <Section title="Results">
      <p className="muted">
        {MODEL_NAMES[result.model] ?? result.model} predicting “{result.target}” (
        {result.task}), run {new Date(result.startedAt).toLocaleString()}.
      </p>
      {metrics.test.kind === 'anomaly' && (
        <p className="hint">
          Anomaly detection: the model learned to rebuild the normal rows (“{metrics.test.classes[0]}”) only, and each row's score is
          how badly it is rebuilt (mean squared error); rows scoring above the threshold are flagged as “{metrics.test.classes[1]}”. The
          baseline scores each row by its squared distance to the average normal training row, in standard deviations.
        </p>
      )}
      <MetricsTable label="Test metrics" model={metrics.test} baseline={metrics.baseline.test} />
      {metrics.test.kind === 'classification' && (
        <>
          <PerClassTable metrics={metrics.test} />
          <ConfusionMatrix metrics={metrics.test} />
        </>
      )}
      {metrics.validation && <MetricsTable label="Validation metrics" model={metrics.validation} baseline={metrics.baseline.validation} />}

      <h3>How it ran</h3>
      <dl className="facts">
        <dt>Split sizes</dt>
        <dd>
          train {formatCount(result.splitSizes.train)}, validation {formatCount(result.splitSizes.validation)}, test{' '}
          {formatCount(result.splitSizes.test)}
        </dd>
        <dt>Rows without a target</dt>
        <dd>{formatCount(result.excludedMissingTarget)}</dd>
        <dt>Backend</dt>
        <dd>{result.backend}</dd>
        <dt>Best epoch</dt>
        <dd>{result.bestEpoch ?? '—'}</dd>
        <dt>Stopped by</dt>
        <dd>{STOPPED_BY[result.stoppedBy]}</dd>
        <dt>Time</dt>
        <dd>
          {formatMs(result.timings.totalMs)} in total: preprocessing {formatMs(result.timings.preprocessMs)}, training{' '}
          {formatMs(result.timings.trainMs)}, evaluation {formatMs(result.timings.evaluateMs)}
        </dd>
        <dt>Throughput</dt>
        <dd>{result.timings.samplesPerSec !== null ? `${formatCount(Math.round(result.timings.samplesPerSec))} samples/s` : '—'}</dd>
        <dt>Features</dt>
        <dd>
          {formatCount(result.features.inputs.length)} columns, {formatCount(result.features.encoded.length)} inputs after encoding
        </dd>
      </dl>
      {result.features.dropped.length > 0 && (
        <>
          <h3>Dropped columns</h3>
          <ul className="compact" aria-label="Dropped columns">
            {result.features.dropped.map((d) => (
              <li key={d.column}>
                <strong>{d.column}</strong>: {d.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.warnings.length > 0 && (
        <>
          <h3>Run warnings</h3>
          <ul className="compact warnings" aria-label="Run warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function MetricsTable({ label, model, baseline }: { label: string; model: Metrics; baseline: Metrics | null }) {
  const rows = buildMetricRows(model, baseline);
  return (
    <table aria-label={label} className="metrics">
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Model</th>
          <th scope="col">Baseline</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">
              {r.label ?? r.name}
              {r.help && <div className="hint">{r.help}</div>}
            </th>
            <td className="num">{r.count ? countText(r.model) : formatMetric(r.model)}</td>
            <td className="num">{r.count ? countText(r.baseline) : formatMetric(r.baseline)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const countText = (v: number | null): string => (v === null ? '—' : formatCount(v));

function PerClassTable({ metrics }: { metrics: ClassificationMetrics }) {
  return (
    <table aria-label="Per-class metrics" className="metrics">
      <caption>Per-class metrics (test)</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Precision</th>
          <th scope="col">Recall</th>
          <th scope="col">F1</th>
          <th scope="col">Support</th>
        </tr>
      </thead>
      <tbody>
        {metrics.per_class.map((c) => (
          <tr key={c.class}>
            <th scope="row">{c.class}</th>
            <td className="num">{formatMetric(c.precision)}</td>
            <td className="num">{formatMetric(c.recall)}</td>
            <td className="num">{formatMetric(c.f1)}</td>
            <td className="num">{formatCount(c.support)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConfusionMatrix({ metrics }: { metrics: ClassificationMetrics }) {
  const { classes, confusion_matrix: cm } = metrics;
  const max = Math.max(1, ...cm.flat());
  return (
    <div className="table-scroll">
      <table aria-label="Confusion matrix" className="confusion">
        <caption>Confusion matrix (rows: true class, columns: predicted class)</caption>
        <thead>
          <tr>
            <td />
            {classes.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((c, i) => (
            <tr key={c}>
              <th scope="row">{c}</th>
              {classes.map((p, j) => {
                const n = cm[i]?.[j] ?? 0;
                return (
                  <td
                    key={p}
                    className={i === j ? 'num diag' : 'num'}
                    style={{ backgroundColor: `rgba(37, 99, 235, ${(0.08 + 0.5 * (n / max)).toFixed(3)})` }}
                  >
                    {formatNumber(n)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
