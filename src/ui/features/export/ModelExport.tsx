import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkExport, exportModel } from '../../store/exportActions';
import { useStudio } from '../../store/store';
import { SubSection } from '../../components/SubSection';
import { downloadBytes, ZIP_TYPE } from './download';
import { ExportStatus } from './ExportStatus';
import { OnnxFile } from './OnnxFile';
import { TfjsFile } from './TfjsFile';

/**
 * The export buttons: what blocks an ONNX export (asked of the worker whenever the model changes), the
 * export in flight, and the last file of each format. The TF.js zip is saved as soon as it is written.
 */
export function ModelExport() {
  const problemsId = useId();
  const result = useStudio((s) => s.result);
  useEffect(() => {
    if (result !== null) void checkExport();
  }, [result]);
  const { check, checkError, busy, error, notice } = useStudio(
    useShallow((s) => ({
      check: s.exports.check,
      checkError: s.exports.checkError,
      busy: s.exports.job !== null,
      error: s.exports.error,
      notice: s.exports.notice,
    })),
  );
  const problems = check?.onnxProblems ?? [];
  const onnxBlocked = problems.length > 0;

  const exportTfjs = async () => {
    const file = await exportModel('tfjs');
    if (file) downloadBytes(file.bytes, file.fileName, ZIP_TYPE);
  };

  return (
    <SubSection title="Export the model">
      <p className="hint">
        Both files hold the fitted preprocessing too, so they take the raw columns. ONNX runs in onnxruntime (servers, phones, Python, C#…);
        TF.js loads in a browser or in Node with TensorFlow.js.
      </p>
      {checkError && (
        <p role="alert" className="error">
          Could not check what can be exported: {checkError}
        </p>
      )}
      {onnxBlocked && (
        <div id={problemsId} role="alert" className="export-problems">
          <p>This pipeline cannot be exported to ONNX:</p>
          <ul className="compact" aria-label="ONNX export problems">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="export-actions">
        <button type="button" disabled={busy || onnxBlocked} aria-describedby={onnxBlocked ? problemsId : undefined} onClick={() => void exportModel('onnx')}>
          Export ONNX
        </button>
        <button type="button" disabled={busy || check?.tfjsAvailable === false} onClick={() => void exportTfjs()}>
          Export TF.js (zip)
        </button>
      </div>
      <ExportStatus />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      <OnnxFile />
      <TfjsFile />
    </SubSection>
  );
}
