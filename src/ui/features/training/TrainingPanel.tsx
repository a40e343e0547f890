import { useShallow } from 'zustand/react/shallow';
import { ProgressBar } from '../../components/ProgressBar';
import { Section } from '../../components/Section';
import { stopTraining, train } from '../../store/actions';
import { selectTrainBlocker } from '../../store/selectors';
import { useStudio } from '../../store/store';
import { BackendStatus } from './BackendStatus';
import { TrainingCurves } from './TrainingCurves';

/**
 * Train / Stop, the backend in use, the status line, batch progress and live curves. Each part
 * subscribes to its own slice of the run state: a batch event re-renders only the progress bar.
 */
export function TrainingPanel() {
  return (
    <Section title="Training">
      <TrainControls />
      <RunStatusLine />
      <BatchProgressBar />
      <BackendStatus />
      <TrainingCurves />
    </Section>
  );
}

const BLOCKER_ID = 'train-blocker';

function TrainControls() {
  const { blocker, running } = useStudio(useShallow((s) => ({ blocker: selectTrainBlocker(s), running: s.runStatus === 'running' })));
  return (
    <div className="train-controls">
      <button
        type="button"
        className="primary"
        disabled={blocker !== null}
        aria-describedby={blocker !== null ? BLOCKER_ID : undefined}
        onClick={() => void train()}
      >
        Train
      </button>
      <button type="button" disabled={!running} onClick={stopTraining}>
        Stop
      </button>
      {blocker !== null && (
        <p id={BLOCKER_ID} className="blocker">
          {blocker}
        </p>
      )}
    </div>
  );
}

const STATUS_TEXT = {
  idle: null,
  running: null,
  done: 'Training finished.',
  stopped: 'Training stopped.',
  failed: null,
} as const;

function RunStatusLine() {
  const { status, message, error, epochCount, epochs, compiling } = useStudio(
    useShallow((s) => ({
      status: s.runStatus,
      message: s.runMessage,
      error: s.runError,
      epochCount: s.epochs.length,
      epochs: s.project.training.epochs,
      // GPU backends compile their shaders during the first steps (about 20 s on a software adapter):
      // say so until the first batch reports, so a quiet start does not look like a hang.
      compiling:
        s.runStatus === 'running' &&
        s.batch === null &&
        s.epochs.length === 0 &&
        (s.backend?.used === 'webgl' || s.backend?.used === 'webgpu'),
    })),
  );
  if (status === 'idle') return null;
  return (
    <>
      <p role="status" className="run-status">
        {message ?? STATUS_TEXT[status] ?? ''}
        {compiling && !/compil/i.test(message ?? '') ? ' Compiling shaders for the first epoch: this can take a while…' : ''}
        {status === 'running' && epochCount > 0 ? ` Epoch ${epochCount} of at most ${epochs} done.` : ''}
      </p>
      {error && (
        <p role="alert" className="error">
          Training failed: {error}
        </p>
      )}
    </>
  );
}

/** Batch progress within the running epoch (batches are 1-based; the running epoch is completed + 1). */
function BatchProgressBar() {
  const { batch, running, epoch } = useStudio(
    useShallow((s) => ({ batch: s.batch, running: s.runStatus === 'running', epoch: s.epochs.length + 1 })),
  );
  if (!running) return null;
  return (
    <ProgressBar
      label="Training progress"
      value={batch ? batch.batch : null}
      max={batch ? batch.batches : null}
      valueText={batch ? `Epoch ${epoch}: batch ${batch.batch} of ${batch.batches}` : 'Preparing'}
    />
  );
}
