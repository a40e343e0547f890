import { useId } from 'react';
import { formatBytes, formatMs } from '../../components/format';
import { useStudio } from '../../store/store';
import { downloadBytes, ONNX_TYPE } from './download';
import { verificationText } from './exportView';

/**
 * The last ONNX export: how onnxruntime-web's predictions compared with the studio's, and the download.
 * A failed (or missing) check is flagged, not hidden: the file can still be saved, with "Download anyway".
 */
export function OnnxFile() {
  const warningId = useId();
  const onnx = useStudio((s) => s.exports.onnx);
  if (!onnx) return null;
  const v = onnx.verification;
  const save = () => downloadBytes(onnx.bytes, onnx.fileName, ONNX_TYPE);
  return (
    <div role="group" aria-label="ONNX file" className="export-file">
      <p className="muted">
        {onnx.fileName}: {formatBytes(onnx.bytes.length)}, written and checked in {formatMs(onnx.ms)}.
      </p>
      {v?.passed ? (
        <>
          <p className="export-check passed">✓ {verificationText(v)}</p>
          <button type="button" onClick={save}>
            Download {onnx.fileName}
          </button>
        </>
      ) : (
        <>
          <p id={warningId} role="alert" className="export-check failed">
            ⚠ {v ? verificationText(v) : 'The export could not be checked in onnxruntime-web.'} Check its predictions before you rely on this file.
          </p>
          <button type="button" aria-describedby={warningId} onClick={save}>
            Download anyway
          </button>
        </>
      )}
    </div>
  );
}
