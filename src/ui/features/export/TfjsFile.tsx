import { formatBytes } from '../../components/format';
import { useStudio } from '../../store/store';
import { downloadBytes, ZIP_TYPE } from './download';
import { tfjsContents } from './exportView';

/** The last TF.js export (saved when it was written): what the zip holds, and a button to save it again. */
export function TfjsFile() {
  const tfjs = useStudio((s) => s.exports.tfjs);
  const hasNetwork = useStudio((s) => s.result?.model !== 'baseline');
  if (!tfjs) return null;
  return (
    <div role="group" aria-label="TF.js file" className="export-file">
      <p className="muted">
        Saved {tfjs.fileName} ({formatBytes(tfjs.bytes.length)}). It holds:
      </p>
      <ul className="compact">
        {tfjsContents(hasNetwork).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <button type="button" onClick={() => downloadBytes(tfjs.bytes, tfjs.fileName, ZIP_TYPE)}>
        Download {tfjs.fileName} again
      </button>
    </div>
  );
}
