import { useId, useState } from 'react';
import { parseNumberInput, type NumberRule } from './parse';
import { useFieldError } from './useFieldError';

/**
 * A labelled number input that keeps the user's text while it is invalid (with an inline message) and
 * commits only valid numbers. When `value` changes from outside (e.g. a project is opened), the text
 * follows it.
 */
export function NumberField({
  label,
  value,
  rule,
  onCommit,
  hint,
}: {
  label: string;
  value: number;
  rule: NumberRule;
  onCommit: (value: number) => void;
  hint?: string;
}) {
  const id = useId();
  const [text, setText] = useState(() => String(value));
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    // Adjusting state during render (React's documented pattern) instead of an effect: no flash.
    setSynced(value);
    setText(String(value));
  }
  const parsed = parseNumberInput(text, rule);
  const error = parsed.ok ? null : parsed.message;
  useFieldError(label, error);
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const p = parseNumberInput(t, rule);
          if (p.ok && p.value !== value) {
            setSynced(p.value);
            onCommit(p.value);
          }
        }}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
