import { useShallow } from 'zustand/react/shallow';
import { scoreFile } from '../../store/exportActions';
import { useStudio } from '../../store/store';
import { SubSection } from '../../components/SubSection';
import { CsvPicker } from '../../components/CsvPicker';
import { ScoreResult } from './ScoreResult';
import { ScoreStatus } from './ScoreStatus';

/** Score a new CSV: a file input and a drop zone, the scoring in flight, its error, and the last result. */
export function ScoreSection() {
  const { error, notice } = useStudio(useShallow((s) => ({ error: s.scoring.error, notice: s.scoring.notice })));
  return (
    <SubSection title="Score a new CSV">
      <p className="hint">
        Predicts every row of another file with this model. The file needs the columns the model was trained on; other columns are passed through.
        Each input column is compared with the training data, to show whether the new data still looks like it (drift).
      </p>
      <CsvPicker label="CSV to score" zoneName="Scoring drop zone" zoneText="Drop a CSV file to score here" onFile={(file) => void scoreFile(file, file.name)} />
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
