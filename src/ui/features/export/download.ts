/**
 * Saving a file the page made (an exported model, scored rows): a Blob behind an object URL and a
 * temporary `<a download>`. Nothing leaves the page; the URL is revoked once the browser has taken it.
 */
import { withBom } from './exportView';

/** Media types of the exported files (ONNX has no registered one). */
export const ZIP_TYPE = 'application/zip';
export const ONNX_TYPE = 'application/octet-stream';

/** Revoking at once can cancel the download in some browsers. */
const REVOKE_AFTER_MS = 10_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** An exported model's bytes (`type`: the file's media type). */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  // A copy on a plain ArrayBuffer: Blob parts may not be views of shared memory.
  downloadBlob(new Blob([new Uint8Array(bytes)], { type }), fileName);
}

/** CSV text with a UTF-8 byte order mark, so spreadsheet apps read its accents right. */
export function downloadCsv(csv: string, fileName: string): void {
  downloadBlob(new Blob([withBom(csv)], { type: 'text/csv;charset=utf-8' }), fileName);
}
