import { useId, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ProgressBar } from '../../components/ProgressBar';
import { Section } from '../../components/Section';
import { formatBytes } from '../../components/format';
import { cancelImport, importFile } from '../../store/actions';
import { useStudio } from '../../store/store';

export const CSV_ACCEPT = '.csv,.tsv,.txt,text/csv';

/** The user's own CSV: a file input, a drop zone, import progress with Cancel, and import errors. */
export function ImportPanel() {
  const id = useId();
  const { importing, importError, importNotice, running } = useStudio(
    useShallow((s) => ({
      importing: s.importing,
      importError: s.importError,
      importNotice: s.importNotice,
      running: s.runStatus === 'running',
    })),
  );
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !running) void importFile(file);
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = running ? 'none' : 'copy';
    setOver(true);
  };

  return (
    <Section title="Your data">
      <p className="lede">Your file is read in this tab only; nothing is uploaded anywhere.</p>
      <div className="field">
        <label htmlFor={id}>Upload CSV</label>
        <input
          id={id}
          type="file"
          accept={CSV_ACCEPT}
          disabled={running}
          onChange={(e) => {
            const file = e.target.files?.[0];
            // Clear the input so choosing the same file again imports it again.
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <div
        role="region"
        aria-label="CSV drop zone"
        className={over ? 'dropzone over' : 'dropzone'}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        Drop a CSV file here
      </div>
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
