import { useStudio } from '../../store/store';

/** The backend the worker actually uses (tests read its name from the "Backend in use" output). */
export function BackendStatus() {
  const report = useStudio((s) => s.backend);
  if (!report) return null;
  return (
    <div className="backend">
      <p>
        Backend: <output aria-label="Backend in use">{report.used}</output>
        {report.requested !== report.used && <span className="muted"> (requested {report.requested})</span>}
      </p>
      <p className="hint">{report.reason}</p>
      {report.adapter && (
        <p className="hint">
          GPU adapter: {report.adapter.vendor || 'unknown vendor'}, {report.adapter.architecture || 'unknown architecture'}
          {report.adapter.isFallbackAdapter ? ' (software fallback)' : ''}
        </p>
      )}
      {report.fallbacks.length > 0 && (
        <ul className="compact warnings" aria-label="Backend fallbacks">
          {report.fallbacks.map((f, i) => (
            <li key={i}>
              {f.backend} could not be used: {f.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
