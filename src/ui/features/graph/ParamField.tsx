import { useId, useState } from 'react';
import type { JsonValue } from '../../../core/pipeline/graph/schema';
import { parseNumberInput } from '../../components/parse';
import { parseNumberList, parseNumberOrText, type FieldSpec } from './paramFields';

/** Tries a value: null when applied, else the message to show beside the field (nothing applied). */
export type TryEdit = (value: JsonValue) => string | null;

const textOf = (value: JsonValue | undefined): string => {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/** Keeps the user's text while it is invalid; follows the value when it changes from outside (undo). */
function useFieldText(value: JsonValue | undefined) {
  const [text, setText] = useState(() => textOf(value));
  const [synced, setSynced] = useState(() => JSON.stringify(value ?? null));
  const [error, setError] = useState<string | null>(null);
  const now = JSON.stringify(value ?? null);
  if (now !== synced) {
    // Adjusting state during render (React's documented pattern) instead of an effect: no flash.
    setSynced(now);
    setText(textOf(value));
    setError(null);
  }
  return { text, setText, error, setError, markSynced: setSynced };
}

function Help({ id, text }: { id: string; text: string }) {
  return text ? (
    <p id={id} className="hint">
      {text}
    </p>
  ) : null;
}

function ErrorLine({ id, error }: { id: string; error: string | null }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}

const describedBy = (id: string, help: string, error: string | null) =>
  [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * One parameter as a labelled control (FieldSpec.control says which), with its one-line help. Text
 * controls validate on every keystroke and apply each valid value; an invalid one shows the message
 * and is not applied.
 */
export function ParamField({ field, value, columns, onEdit }: { field: FieldSpec; value: JsonValue | undefined; columns: readonly string[]; onEdit: TryEdit }) {
  const id = useId();
  const c = field.control;
  switch (c.type) {
    case 'boolean':
      return <CheckboxField id={id} field={field} checked={value === true} onEdit={onEdit} />;
    case 'choice':
    case 'column':
      return <SelectField id={id} field={field} value={typeof value === 'string' ? value : ''} options={c.type === 'choice' ? c.options : columns} placeholder={c.type === 'column' ? 'Choose a column' : null} onEdit={onEdit} />;
    case 'choices':
    case 'columns':
      return <ChecklistField id={id} field={field} value={Array.isArray(value) ? value.map(String) : []} options={c.type === 'choices' ? c.options : columns} onEdit={onEdit} />;
    case 'json':
      return (
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <input id={id} type="text" readOnly value={textOf(value)} aria-describedby={field.help ? `${id}-hint` : undefined} />
          <Help id={`${id}-hint`} text={field.help} />
        </div>
      );
    default:
      return <TextField id={id} field={field} value={value} onEdit={onEdit} />;
  }
}

function TextField({ id, field, value, onEdit }: { id: string; field: FieldSpec; value: JsonValue | undefined; onEdit: TryEdit }) {
  const { text, setText, error, setError, markSynced } = useFieldText(value);
  const c = field.control;
  const read = (t: string): { ok: true; value: JsonValue } | { ok: false; message: string } => {
    switch (c.type) {
      case 'number':
        return parseNumberInput(t, c.integer ? { integer: true } : {});
      case 'numberList':
        return parseNumberList(t);
      case 'numberOrText':
        return { ok: true, value: parseNumberOrText(t) };
      default:
        return { ok: true, value: t };
    }
  };
  const onChange = (t: string) => {
    setText(t);
    const parsed = read(t);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    const message = onEdit(parsed.value);
    setError(message);
    // The store now holds this value: keep the user's text (e.g. "1,7" stays as typed).
    if (message === null) markSynced(JSON.stringify(parsed.value));
  };
  const common = {
    id,
    value: text,
    autoComplete: 'off',
    spellCheck: false,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, field.help, error),
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {c.type === 'text' && c.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" inputMode={c.type === 'number' ? 'decimal' : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      <Help id={`${id}-hint`} text={field.help} />
      <ErrorLine id={`${id}-error`} error={error} />
    </div>
  );
}

function CheckboxField({ id, field, checked, onEdit }: { id: string; field: FieldSpec; checked: boolean; onEdit: TryEdit }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" checked={checked} aria-describedby={describedBy(id, field.help, error)} onChange={(e) => setError(onEdit(e.target.checked))} />
      <label htmlFor={id}>{field.label}</label>
      <Help id={`${id}-hint`} text={field.help} />
      <ErrorLine id={`${id}-error`} error={error} />
    </div>
  );
}

function SelectField({
  id,
  field,
  value,
  options,
  placeholder,
  onEdit,
}: {
  id: string;
  field: FieldSpec;
  value: string;
  options: readonly string[];
  placeholder: string | null;
  onEdit: TryEdit;
}) {
  const [error, setError] = useState<string | null>(null);
  const all = value !== '' && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <select id={id} value={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, field.help, error)} onChange={(e) => setError(onEdit(e.target.value))}>
        {placeholder !== null && <option value="">{placeholder}</option>}
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <Help id={`${id}-hint`} text={field.help} />
      <ErrorLine id={`${id}-error`} error={error} />
    </div>
  );
}

/** Several choices as checkboxes in a fieldset named by the parameter's label (columns, date parts). */
function ChecklistField({ id, field, value, options, onEdit }: { id: string; field: FieldSpec; value: readonly string[]; options: readonly string[]; onEdit: TryEdit }) {
  const [error, setError] = useState<string | null>(null);
  const chosen = new Set(value);
  // Values the data no longer has stay listed (checked) so they can be removed.
  const all = [...options, ...value.filter((v) => !options.includes(v))];
  const toggle = (option: string, on: boolean) => {
    const next = on ? all.filter((o) => chosen.has(o) || o === option) : value.filter((v) => v !== option);
    setError(onEdit(next));
  };
  return (
    <fieldset className="field checklist" aria-describedby={describedBy(id, field.help, error)}>
      <legend>{field.label}</legend>
      {all.length === 0 ? (
        <p className="hint">{field.control.type === 'columns' ? 'Load data to choose columns.' : 'No options.'}</p>
      ) : (
        <div className="checklist-items">
          {all.map((o, i) => (
            <label key={o} className="checklist-item" htmlFor={`${id}-${i}`}>
              <input id={`${id}-${i}`} type="checkbox" checked={chosen.has(o)} onChange={(e) => toggle(o, e.target.checked)} />
              {o}
              {!options.includes(o) && <span className="muted"> (not in the data)</span>}
            </label>
          ))}
        </div>
      )}
      <Help id={`${id}-hint`} text={field.help} />
      <ErrorLine id={`${id}-error`} error={error} />
    </fieldset>
  );
}
