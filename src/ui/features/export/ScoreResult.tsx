import { useDeferredValue } from 'react';
import { formatCount, formatMs } from '../../components/format';
import { useStudio } from '../../store/store';
import { DriftTable } from './DriftTable';
import { unseenText } from './exportView';
import { PredictionsDownload } from './PredictionsDownload';
import { ScoredPreview } from './ScoredPreview';

/** The last scored file: counts, the download, the first rows with predictions, ignored columns, unseen categories and drift. */
export function ScoreResult() {
  // Deferred: the tables render in an interruptible pass, not in one long main-thread task.
  const outcome = useDeferredValue(useStudio((s) => s.scoring.outcome));
  if (!outcome) return null;
  const { importReport: report } = outcome;
  return (
    <div className="score-result">
      <p>
        Scored {formatCount(outcome.rowCount)} {outcome.rowCount === 1 ? 'row' : 'rows'} of “{outcome.name}” in {formatMs(outcome.ms)}.
        {report.skippedCount > 0 && ` ${formatCount(report.skippedCount)} unreadable lines were skipped (the first at line ${report.skipped[0]?.line ?? '?'}).`}
      </p>
      {report.warnings.length > 0 && (
        <ul className="compact warnings" aria-label="Import warnings">
          {report.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <PredictionsDownload />
      <ScoredPreview outcome={outcome} />
      {outcome.ignoredColumns.length > 0 && (
        <>
          <h4>Ignored columns</h4>
          <p className="hint">The model does not use these; they are passed through to the download unchanged.</p>
          <ul className="compact" aria-label="Ignored columns">
            {outcome.ignoredColumns.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {outcome.unseen.length > 0 && (
        <>
          <h4>Categories not seen in training</h4>
          <ul className="compact warnings" aria-label="Unseen categories">
            {outcome.unseen.map((u) => (
              <li key={u.column}>{unseenText(u)}</li>
            ))}
          </ul>
        </>
      )}
      <DriftTable report={outcome.drift} />
    </div>
  );
}
