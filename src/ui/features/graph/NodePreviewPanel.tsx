import { useId } from 'react';
import type { ColumnProfile } from '../../../core/data/profile';
import type { NodePreview } from '../../../core/pipeline/graphExperiment';
import type { NodeId } from '../../../core/pipeline/graph/schema';
import { formatCount, formatNumber } from '../../components/format';
import { previewNode } from '../../store/actions';
import { useStudio } from '../../store/store';

/**
 * The "Preview output" button of a source, feature or split node and what the worker answered: the
 * node's output fitted on the training rows (first rows and per-column stats), or why it failed.
 * The preview lives in the store (`nodePreview`), which clears it when the graph, the selection or the
 * data change; this component only shows the one for its node.
 */
export function NodePreviewPanel({ nodeId }: { nodeId: NodeId }) {
  const hasData = useStudio((s) => s.summary !== null);
  const state = useStudio((s) => (s.nodePreview?.nodeId === nodeId ? s.nodePreview : null));
  const reasonId = useId();
  const headingId = useId();
  return (
    <div className="node-preview-box">
      <button
        type="button"
        disabled={!hasData}
        aria-describedby={hasData ? undefined : reasonId}
        onClick={() => void previewNode(nodeId)}
      >
        Preview output
      </button>
      {!hasData && (
        <p id={reasonId} className="hint">
          Load data first: the preview runs the pipeline up to this node on your table.
        </p>
      )}
      {state !== null && (
        <section className="node-preview" aria-labelledby={headingId} aria-busy={state.status === 'loading'}>
          <h4 id={headingId}>Node preview</h4>
          {state.status === 'loading' && <p className="muted">Fitting the nodes up to this one…</p>}
          {state.status === 'failed' && (
            <p role="alert" className="error">
              {state.error}
            </p>
          )}
          {state.status === 'done' && <PreviewBody preview={state.preview} />}
        </section>
      )}
    </div>
  );
}

function PreviewBody({ preview: p }: { preview: NodePreview }) {
  return (
    <>
      <p className="node-facts">
        Fitted on {formatCount(p.fittedOn)} training rows · {formatCount(p.rowCount)} rows × {formatCount(p.columns.length)} columns out
        {p.rows.length < p.rowCount ? `, first ${p.rows.length} shown` : ''}
      </p>
      {p.notes.length > 0 && (
        <ul className="compact hint">
          {p.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <div className="table-scroll node-preview-scroll" tabIndex={0}>
        <table aria-label="Node output" className="data">
          <thead>
            <tr>
              {p.columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll node-preview-scroll" tabIndex={0}>
        <table aria-label="Node column stats" className="data">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Missing</th>
              <th scope="col">Unique</th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {p.profile.columns.map((c, i) => (
              <tr key={i}>
                <th scope="row">{c.name}</th>
                <td>{c.kind}</td>
                <td className="num">{formatCount(c.missing)}</td>
                <td className="num">{formatCount(c.unique)}</td>
                <td>{columnSummary(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** min/max/mean for numeric views, else the three most frequent values with their counts. */
function columnSummary(c: ColumnProfile): string {
  if (c.numeric) return `min ${formatNumber(c.numeric.min)}, max ${formatNumber(c.numeric.max)}, mean ${formatNumber(c.numeric.mean)}`;
  if (c.top && c.top.length > 0) return c.top.slice(0, 3).map((t) => `${t.value} (${formatCount(t.count)})`).join(', ');
  return '';
}
