import { useId, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { scoreFile } from '../../store/exportActions';
import { useStudio } from '../../store/store';
import { SubSection } from '../explain/SubSection';
import { CSV_ACCEPT } from '../import/ImportPanel';
import { ScoreResult } from './ScoreResult';
import { ScoreStatus } from './ScoreStatus';

/** Score a new CSV: a file input and a drop zone, the scoring in flight, its error, and the last result. */
export function ScoreSection() {
  const inputId = useId();
  const [over, setOver] = useState(false);
  const { error, notice } = useStudio(useShallow((s) => ({ error: s.scoring.error, notice: s.scoring.notice })));
  const score = (file: File | undefined) => {
    if (file) void scoreFile(file, file.name);
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    score(e.dataTransfer.files[0]);
  };

  return (
    <SubSection title="Score a new CSV">
      <p className="hint">
        Predicts every row of another file with this model. The file needs the columns the model was trained on; other columns are passed through.
        Each input column is compared with the training data, to show whether the new data still looks like it (drift).
      </p>
      <div className="field">
        <label htmlFor={inputId}>CSV to score</label>
        <input
          id={inputId}
          type="file"
          accept={CSV_ACCEPT}
          onChange={(e) => {
            const file = e.target.files?.[0];
            // Cleared so that choosing the same file again scores it again.
            e.target.value = '';
            score(file);
          }}
        />
      </div>
      <div
        role="region"
        aria-label="Scoring drop zone"
        className={over ? 'dropzone over' : 'dropzone'}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        Drop a CSV file to score here
      </div>
      <ScoreStatus />
      {error && (
        <p role="alert" className="error">
          Could not score the file: {error}
        </p>
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      <ScoreResult />
    </SubSection>
  );
}
