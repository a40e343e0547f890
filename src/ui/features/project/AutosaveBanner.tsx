import { useShallow } from 'zustand/react/shallow';
import { pageAutosave } from '../../store/autosave';
import { useStudio } from '../../store/store';

/** Under the header: how restoring autosaved work went (with "Start over"), and autosave failures. */
export function AutosaveBanner() {
  const { restore, autosaveError, dismiss } = useStudio(
    useShallow((s) => ({ restore: s.restore, autosaveError: s.autosaveError, dismiss: s.dismissRestore })),
  );
  return (
    <>
      {restore?.kind === 'restoring' && (
        <p role="status" className="banner restore-banner">
          Restoring your work from {savedTime(restore.savedAt)}…
        </p>
      )}
      {restore?.kind === 'restored' && (
        <div className="banner restore-banner">
          <p role="status">Restored your work from {savedTime(restore.savedAt)}</p>
          <button type="button" onClick={() => void pageAutosave().startOver()} title="Forget the autosaved work and start from an empty page">
            Start over
          </button>
          <button type="button" className="link-button" onClick={dismiss}>
            Close
          </button>
        </div>
      )}
      {restore?.kind === 'failed' && (
        <div className="banner restore-banner">
          <p role="alert" className="error">
            {restore.message}
          </p>
          <button type="button" className="link-button" onClick={dismiss}>
            Close
          </button>
        </div>
      )}
      {autosaveError !== null && (
        <p role="alert" className="error banner">
          {autosaveError}
        </p>
      )}
    </>
  );
}

/** "14:05" today, else the date too. */
function savedTime(ms: number): string {
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString()
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
