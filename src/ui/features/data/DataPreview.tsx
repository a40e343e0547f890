import { Section } from '../../components/Section';
import { formatCount } from '../../components/format';
import { useStudio } from '../../store/store';

/** The first rows of the data, as text. */
export function DataPreview() {
  const summary = useStudio((s) => s.summary);
  if (!summary) return null;
  return (
    <Section title="Data">
      <p className="muted">
        The first {formatCount(summary.preview.length)} of {formatCount(summary.rowCount)} rows of “{summary.name}”.
      </p>
      <div className="table-scroll tall" tabIndex={0}>
        <table aria-label="Data preview" className="data">
          <thead>
            <tr>
              {summary.columns.map((c) => (
                <th key={c.name} scope="col">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.preview.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c} className={cell === '' ? 'missing' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
