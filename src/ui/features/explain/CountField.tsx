import { useId, useState } from 'react';
import { parseNumberInput } from '../../components/parse';

/**
 * A labelled whole-number input for the Explain panel. Like components/NumberField it keeps the user's
 * text while it is invalid (with the message beside it) and commits only valid numbers, but it reports
 * validity to its form (`onValid`) instead of the store's field errors, which block Train.
 */
export function CountField({
  label,
  value,
  min,
  max,
  onCommit,
  onValid,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onCommit: (value: number) => void;
  onValid: (label: string, valid: boolean) => void;
}) {
  const id = useId();
  const [text, setText] = useState(() => String(value));
  const parsed = parseNumberInput(text, { integer: true, min, max });
  const error = parsed.ok ? null : parsed.message;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        size={6}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const p = parseNumberInput(t, { integer: true, min, max });
          onValid(label, p.ok);
          if (p.ok && p.value !== value) onCommit(p.value);
        }}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
