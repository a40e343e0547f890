import { useId, useState } from 'react';
import { useFieldError } from '../../components/useFieldError';
import { formatHiddenLayers, parseHiddenLayers } from './hiddenLayers';

const LABEL = 'Hidden layers';

/** Hidden-layer sizes as comma-separated text ("64,64"); invalid text blocks Train with a message. */
export function HiddenLayersField({ value, onCommit }: { value: readonly number[]; onCommit: (sizes: number[]) => void }) {
  const id = useId();
  const formatted = formatHiddenLayers(value);
  const [text, setText] = useState(formatted);
  const [synced, setSynced] = useState(formatted);
  if (formatted !== synced) {
    setSynced(formatted);
    setText(formatted);
  }
  const parsed = parseHiddenLayers(text);
  const error = parsed.ok ? null : parsed.message;
  useFieldError(LABEL, error);
  return (
    <div className="field">
      <label htmlFor={id}>{LABEL}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const p = parseHiddenLayers(t);
          if (p.ok && formatHiddenLayers(p.value) !== formatted) {
            setSynced(formatHiddenLayers(p.value));
            onCommit(p.value);
          }
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="hint">
          Units per layer, comma-separated.
        </p>
      )}
    </div>
  );
}
