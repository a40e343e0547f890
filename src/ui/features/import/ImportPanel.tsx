import { useShallow } from 'zustand/react/shallow';
import { CsvPicker } from '../../components/CsvPicker';
import { ProgressBar } from '../../components/ProgressBar';
import { Section } from '../../components/Section';
import { formatBytes } from '../../components/format';
import { cancelImport, importFile } from '../../store/actions';
import { useStudio } from '../../store/store';

/** The user's own CSV: a file input, a drop zone, import progress with Cancel, and import errors. */
export function ImportPanel() {
  const { importing, importError, importNotice, running } = useStudio(
    useShallow((s) => ({
      importing: s.importing,
      importError: s.importError,
      importNotice: s.importNotice,
      running: s.runStatus === 'running',
    })),
  );

  return (
    <Section title="Your data">
      <p className="lede">Your file is read in this tab only; nothing is uploaded anywhere.</p>
      <CsvPicker label="Upload CSV" zoneName="CSV drop zone" zoneText="Drop a CSV file here" disabled={running} onFile={(file) => void importFile(file)} />
      {importing && (
        <div className="import-status">
          <p>Importing “{importing.name}”…</p>
          <ImportProgress />
          <button type="button" onClick={cancelImport}>
            Cancel
          </button>
        </div>
      )}
      {importError && (
        <p role="alert" className="error">
          Could not import the file: {importError}
        </p>
      )}
      {importNotice && (
        <p role="status" className="muted">
          {importNotice}
        </p>
      )}
    </Section>
  );
}

/** Subscribes to progress alone, so progress events re-render only this bar. */
function ImportProgress() {
  const progress = useStudio((s) => s.importProgress);
  const text = progress
    ? `${progress.phase}: ${formatBytes(progress.done)}${progress.total !== null ? ` of ${formatBytes(progress.total)}` : ''}`
    : 'Starting';
  return <ProgressBar label="Import progress" value={progress?.done ?? null} max={progress?.total ?? null} valueText={text} />;
}
