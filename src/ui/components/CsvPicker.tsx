import { useId, useState, type DragEvent } from 'react';

export const CSV_ACCEPT = '.csv,.tsv,.txt,text/csv';

/**
 * A labelled CSV file input and a drop zone (a named region) that hand the chosen file to `onFile`.
 * The input is cleared after each choice, so choosing the same file again works; while `disabled`,
 * the input is off and drops are refused.
 */
export function CsvPicker({
  label,
  zoneName,
  zoneText,
  disabled = false,
  onFile,
}: {
  label: string;
  zoneName: string;
  zoneText: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setOver(true);
  };
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="file"
          accept={CSV_ACCEPT}
          disabled={disabled}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onFile(file);
          }}
        />
      </div>
      <div
        role="region"
        aria-label={zoneName}
        className={over ? 'dropzone over' : 'dropzone'}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        {zoneText}
      </div>
    </>
  );
}
