import { useShallow } from 'zustand/react/shallow';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../components/format';
import { cancelInsight } from '../../store/explainActions';
import type { InsightKind } from '../../store/explainSlice';
import { useStudio } from '../../store/store';

const FAILED: Record<InsightKind, string> = {
  explanation: 'Explaining failed',
  importance: 'Permutation importance failed',
  dependence: 'Partial dependence failed',
  fairness: 'The fairness report failed',
};

/** A request's progress bar and Cancel while it runs, then its error (alert) or notice (status). Only this re-renders on progress. */
export function InsightStatus({ kind, label }: { kind: InsightKind; label: string }) {
  const { running, progress, error, notice } = useStudio(
    useShallow((s) => {
      const i = s.insights[kind];
      return { running: i.request !== null, progress: i.progress, error: i.error, notice: i.notice };
    }),
  );
  return (
    <>
      {running && (
        <div className="insight-progress">
          <ProgressBar
            label={label}
            value={progress?.done ?? null}
            max={progress?.total ?? null}
            valueText={progress && progress.total !== null ? `${formatCount(progress.done)} of ${formatCount(progress.total)}` : 'Starting'}
          />
          <button type="button" onClick={() => cancelInsight(kind)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {FAILED[kind]}: {error}
        </p>
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
    </>
  );
}
