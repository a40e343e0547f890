import { ProgressBar } from '../../components/ProgressBar';
import { cancelExport } from '../../store/exportActions';
import { useStudio } from '../../store/store';

const FORMATS = { onnx: 'ONNX', tfjs: 'TF.js' } as const;

/** The export in flight: the worker's status line, an indeterminate bar and Cancel. Only this re-renders on status events. */
export function ExportStatus() {
  const job = useStudio((s) => s.exports.job);
  if (!job) return null;
  const line = `Exporting ${FORMATS[job.format]}${job.message ? `: ${job.message}` : ''}…`;
  return (
    <div className="export-status">
      <p role="status">{line}</p>
      <div className="insight-progress">
        <ProgressBar label="Export progress" value={null} max={null} valueText={line} />
        <button type="button" aria-label="Cancel export" onClick={cancelExport}>
          Cancel
        </button>
      </div>
    </div>
  );
}
