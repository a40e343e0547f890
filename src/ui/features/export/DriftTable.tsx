import type { DriftReport } from '../../../core/score/drift';
import { formatCount } from '../../components/format';
import { driftRows } from './exportView';

/**
 * Each model input compared with the training data: PSI, the KS test (numeric columns), the shift level,
 * whether it drifted (flagged in words, not by colour alone) and the plain explanation.
 */
export function DriftTable({ report }: { report: DriftReport }) {
  const rows = driftRows(report);
  return (
    <>
      <h4>Drift against the training data</h4>
      <p>{report.summary}</p>
      <p className="hint">
        PSI (population stability index) compares the share of rows in each range or level: under 0.1 is little change, 0.1 to 0.25 moderate, above
        0.25 major. KS D is the largest gap between the two distributions of a numeric column, p how likely a gap that large is by chance.
      </p>
      <div className="table-scroll">
        <table aria-label="Data drift" className="drift">
          <caption>
            {formatCount(report.rows)} new rows against the training rows; drifted columns first.
          </caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Drifted</th>
              <th scope="col">Shift</th>
              <th scope="col">PSI</th>
              <th scope="col">KS D</th>
              <th scope="col">KS p</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} className={r.drifted ? 'drifted' : undefined}>
                <th scope="row">{r.name}</th>
                <td className={r.drifted ? 'drift-flag' : 'muted'}>{r.drifted ? '⚠ Drifted' : r.status === 'compared' ? 'No' : r.status}</td>
                <td>{r.shift}</td>
                <td className="num">
                  {r.psi}
                  {r.lowConfidence && <div className="hint">low confidence</div>}
                </td>
                <td className="num">{r.ksStatistic}</td>
                <td className="num">{r.ksPValue}</td>
                <td className="explanation">{r.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
