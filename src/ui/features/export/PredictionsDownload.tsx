import { useShallow } from 'zustand/react/shallow';
import { scoredCsv } from '../../store/exportActions';
import { useStudio } from '../../store/store';
import { downloadCsv } from './download';

/** "Download predictions (CSV)": the worker writes the scored rows (escaped against formula injection), the page saves them. */
export function PredictionsDownload() {
  const { busy, error } = useStudio(
    useShallow((s) => ({ busy: s.scoring.downloading || s.scoring.job !== null, error: s.scoring.downloadError })),
  );
  const save = async () => {
    const file = await scoredCsv();
    if (file) downloadCsv(file.csv, file.fileName);
  };
  return (
    <div className="export-actions">
      <button type="button" disabled={busy} onClick={() => void save()}>
        Download predictions (CSV)
      </button>
      {error && (
        <p role="alert" className="error">
          The predictions could not be written: {error}
        </p>
      )}
    </div>
  );
}
