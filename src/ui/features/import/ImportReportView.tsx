import { Section } from '../../components/Section';
import { formatBytes, formatCount, formatMs } from '../../components/format';
import { useStudio } from '../../store/store';

/** How many skipped lines are listed; the rest are counted. */
export const SKIPPED_SHOWN = 100;

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** What the importer did with the file: counts, skipped lines with line numbers, coerced tokens. */
export function ImportReportView() {
  const summary = useStudio((s) => s.summary);
  if (!summary) return null;
  const { report } = summary;
  const shown = report.skipped.slice(0, SKIPPED_SHOWN);
  const more = Math.max(0, report.skippedCount - shown.length);
  return (
    <Section title="Import report">
      <dl className="facts">
        <dt>File</dt>
        <dd>
          {summary.name} ({formatBytes(report.bytes)}, read in {formatMs(summary.importMs)})
        </dd>
        <dt>Rows imported</dt>
        <dd>{formatCount(summary.rowCount)}</dd>
        <dt>Columns</dt>
        <dd>{formatCount(summary.columns.length)}</dd>
        <dt>Delimiter</dt>
        <dd>{DELIMITERS[report.delimiter] ?? `“${report.delimiter}”`}</dd>
        <dt>Line endings</dt>
        <dd>
          {report.lineEnding}
          {report.hadBom ? ', with a byte-order mark' : ''}
        </dd>
        <dt>Lines skipped</dt>
        <dd>{formatCount(report.skippedCount)}</dd>
        <dt>Blank lines</dt>
        <dd>{formatCount(report.blankLines)}</dd>
        <dt>Repeated headers</dt>
        <dd>{formatCount(report.repeatedHeaders)}</dd>
      </dl>
      {shown.length > 0 && (
        <>
          <h3>Skipped lines</h3>
          <ul className="compact" aria-label="Skipped lines">
            {shown.map((s, i) => (
              <li key={`${s.line}-${i}`}>
                Line {s.line}: {s.reason}
              </li>
            ))}
          </ul>
          {more > 0 && <p className="muted">and {formatCount(more)} more</p>}
        </>
      )}
      {report.coerced.length > 0 && (
        <>
          <h3>Values read as missing</h3>
          <ul className="compact" aria-label="Coerced tokens">
            {report.coerced.map((c) => (
              <li key={c.column}>
                <strong>{c.column}</strong>:{' '}
                {c.tokens.map((t, i) => (
                  <span key={t.token}>
                    {i > 0 ? ', ' : ''}“{t.token}” × {t.count} (first on line {t.firstLine})
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>Import warnings</h3>
          <ul className="compact warnings" aria-label="Import warnings">
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
