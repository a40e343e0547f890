import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes } from '../../components/format';
import { cancelScoring } from '../../store/exportActions';
import { useStudio } from '../../store/store';

/** The scoring in flight: which file, the worker's step, bytes read, and Cancel. Only this re-renders on progress. */
export function ScoreStatus() {
  const job = useStudio((s) => s.scoring.job);
  if (!job) return null;
  const { progress } = job;
  const read = progress ? `${formatBytes(progress.done)}${progress.total !== null ? ` of ${formatBytes(progress.total)}` : ''} read` : 'Starting';
  return (
    <div className="export-status">
      <p role="status">
        Scoring “{job.name}”{job.message ? `: ${job.message}` : ''}…
      </p>
      <div className="insight-progress">
        <ProgressBar label="Scoring progress" value={progress?.done ?? null} max={progress?.total ?? null} valueText={read} />
        <button type="button" aria-label="Cancel scoring" onClick={cancelScoring}>
          Cancel
        </button>
      </div>
    </div>
  );
}
