import { describe, expect, it } from 'vitest';
import { EDITOR_KINDS, PALETTE_KINDS } from './editorKinds';
import { displayParams, editParam, fieldsFor, parseNumberList, parseNumberOrText } from './paramFields';

const def = (kind: string) => EDITOR_KINDS(kind)!;
const controls = (kind: string, params = def(kind).defaults as Record<string, never>) =>
  Object.fromEntries(fieldsFor(def(kind), params).map((f) => [f.name, f.control.type]));

describe('fieldsFor', () => {
  it('gives every documented parameter of every kind a field with its label (none falls back to JSON)', () => {
    for (const kind of PALETTE_KINDS) {
      const fields = fieldsFor(kind, kind.defaults as Record<string, never>);
      for (const f of fields) {
        expect(f.control.type, `${kind.kind}.${f.name}`).not.toBe('json');
        expect(f.label, `${kind.kind}.${f.name}`).toBe(kind.paramDocs[f.name]?.label ?? f.name);
      }
      // The split's "Split column" belongs to its other variant (see below).
      const documented = Object.keys(kind.paramDocs).filter((k) => !(kind.kind === 'split' && k === 'column'));
      expect(fields.map((f) => f.name), kind.kind).toEqual(expect.arrayContaining(documented));
    }
  });

  it('maps zod types to controls', () => {
    expect(controls('dense')).toEqual({ units: 'number', activation: 'choice', useBias: 'boolean', l2: 'number' });
    expect(controls('impute')).toEqual({ columns: 'columns', strategy: 'choice', value: 'numberOrText', addIndicator: 'boolean' });
    expect(controls('lag')).toEqual({ timeColumn: 'column', columns: 'columns', lags: 'numberList' });
    expect(controls('date_parts')).toMatchObject({ parts: 'choices' });
    expect(fieldsFor(def('dense'), {})[0]!.control).toEqual({ type: 'number', integer: true });
  });

  it('shows the fields of the split variant in use', () => {
    expect(controls('split')).toEqual({ kind: 'choice', validation: 'number', test: 'number', stratify: 'boolean' });
    expect(controls('split', { kind: 'column', column: 'fold', validation: 0.1 } as never)).toEqual({ kind: 'choice', column: 'column', validation: 'number' });
    expect(controls('split', { kind: 'time', column: 'day', validation: 0.1, test: 0.2 } as never)).toEqual({ kind: 'choice', column: 'column', validation: 'number', test: 'number' });
    expect(fieldsFor(def('split'), def('split').defaults as never)[0]!.control).toEqual({ type: 'choice', options: ['random', 'column', 'time'] });
  });
});

describe('editParam', () => {
  it('applies a valid value and refuses an invalid one with the schema message', () => {
    const dense = def('dense');
    expect(editParam(dense, { units: 32, activation: 'relu', useBias: true, l2: 0 }, 'units', 64)).toEqual({
      ok: true,
      params: { units: 64, activation: 'relu', useBias: true, l2: 0 },
    });
    const bad = editParam(dense, dense.defaults as never, 'units', 0);
    expect(bad.ok).toBe(false);
    expect(bad).toEqual({ ok: false, message: 'Must be at least 1.' });
    expect(editParam(dense, dense.defaults as never, 'units', 5000)).toEqual({ ok: false, message: 'Must be at most 4096.' });
    expect(editParam(dense, dense.defaults as never, 'units', 2.5)).toEqual({ ok: false, message: 'Enter a whole number.' });
  });

  it('fills defaults the node lacks (a migrated impute has no constant value)', () => {
    const impute = def('impute');
    const migrated = { columns: [], strategy: 'median', addIndicator: false };
    expect(displayParams(impute, migrated)).toMatchObject({ value: 0 });
    expect(editParam(impute, migrated, 'strategy', 'mean')).toEqual({
      ok: true,
      params: { columns: [], strategy: 'mean', value: 0, addIndicator: false },
    });
  });

  it('moves the split to the other variant, keeping what it shares', () => {
    const split = def('split');
    const edit = editParam(split, { kind: 'random', validation: 0.2, test: 0.15, stratify: true }, 'kind', 'column', { firstColumn: 'fold' });
    expect(edit).toEqual({ ok: true, params: { kind: 'column', column: 'fold', validation: 0.2 } });
    const byTime = editParam(split, { kind: 'random', validation: 0.2, test: 0.1, stratify: true }, 'kind', 'time', { firstColumn: 'day' });
    expect(byTime).toEqual({ ok: true, params: { kind: 'time', column: 'day', validation: 0.2, test: 0.1 } });
  });

  it('reports a cross-field rule on the field it names', () => {
    const tfidf = def('tfidf');
    const edit = editParam(tfidf, tfidf.defaults as never, 'ngramMin', 3);
    expect(edit.ok).toBe(false);
  });
});

describe('text parsing', () => {
  it('reads number lists and number-or-text values', () => {
    expect(parseNumberList('1, 7 ,14')).toEqual({ ok: true, value: [1, 7, 14] });
    expect(parseNumberList('')).toEqual({ ok: true, value: [] });
    expect(parseNumberList('1, x')).toEqual({ ok: false, message: '"x" is not a number.' });
    expect(parseNumberOrText(' 2.5 ')).toBe(2.5);
    expect(parseNumberOrText('unknown')).toBe('unknown');
  });
});
