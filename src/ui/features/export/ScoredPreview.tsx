import { formatCount, formatNumber } from '../../components/format';
import type { ScoreOutcome } from '../../../worker/protocol';

/** A prediction cell: numbers (probabilities, values) in 4 significant digits, labels as they are. */
const predictionText = (cell: string): string => (cell !== '' && Number.isFinite(Number(cell)) ? formatNumber(Number(cell)) : cell);

/** The first scored rows: the file's columns as text, then the prediction columns, shaded and marked. */
export function ScoredPreview({ outcome }: { outcome: ScoreOutcome }) {
  // The worker appends the prediction columns after the file's own (which may reuse their names).
  const first = outcome.columns.length - outcome.predictionColumns.length;
  const isPrediction = outcome.columns.map((_, i) => i >= first);
  return (
    <div className="table-scroll tall" tabIndex={0}>
      <table aria-label="Scored rows" className="data scored">
        <caption>
          The first {formatCount(outcome.preview.length)} of {formatCount(outcome.rowCount)} rows; the shaded columns marked “model” are the predictions.
        </caption>
        <thead>
          <tr>
            {outcome.columns.map((c, i) => (
              <th key={i} scope="col" className={isPrediction[i] ? 'prediction' : undefined}>
                {c}
                {isPrediction[i] && <span className="badge">model</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {outcome.preview.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                isPrediction[c] ? (
                  <td key={c} className="prediction">
                    {predictionText(cell)}
                  </td>
                ) : (
                  <td key={c} className={cell === '' ? 'missing' : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
