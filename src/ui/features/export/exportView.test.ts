import { describe, expect, it } from 'vitest';
import type { ColumnDrift, DriftReport } from '../../../core/score/drift';
import { driftRows, formatDifference, tfjsContents, unseenText, UTF8_BOM, verificationText, withBom } from './exportView';

describe('formatDifference', () => {
  it.each([
    [1.8e-7, '1.8e-7'],
    [1e-4, '1e-4'],
    [1.23456e-5, '1.2e-5'],
    [0, '0'],
    [0.5, '0.5'],
    [12345, '1.2e4'],
    [Infinity, 'not a number'],
    [NaN, 'not a number'],
  ])('%s → %s', (v, text) => {
    expect(formatDifference(v)).toBe(text);
  });
});

describe('verificationText', () => {
  const check = { rows: 256, maxAbsDiff: 1.8e-7, tolerance: 1e-4, passed: true, runtime: 'onnxruntime-web (wasm)' };

  it('says where it ran, on how many rows, the largest difference, the limit and the verdict', () => {
    expect(verificationText(check)).toBe('Checked with onnxruntime-web (wasm) on 256 rows of your data: largest difference 1.8e-7 (limit 1e-4) — passed');
  });

  it('a failed check says so plainly', () => {
    const text = verificationText({ ...check, rows: 1, maxAbsDiff: 0.03, passed: false });
    expect(text).toContain('on 1 row of');
    expect(text).toContain('largest difference 0.03 (limit 1e-4)');
    expect(text).toMatch(/— FAILED: the exported model does not predict what the studio predicts$/);
    expect(text).not.toContain('passed');
  });
});

describe('tfjsContents', () => {
  it('lists the network files only when there is a network', () => {
    expect(tfjsContents(true)[0]).toMatch(/^model\.json and weights\.bin/);
    expect(tfjsContents(false).join(' ')).not.toContain('weights.bin');
    expect(tfjsContents(false).at(-1)).toMatch(/^README\.md/);
  });
});

const column = (name: string, over: Partial<ColumnDrift>): ColumnDrift => ({
  name,
  type: 'numeric',
  status: 'compared',
  rows: { train: 100, new: 50 },
  missingShare: { train: 0, new: 0 },
  bins: [],
  psiPValue: null,
  psi: 0,
  shift: 'none',
  ks: null,
  median: null,
  unseen: null,
  lowConfidence: false,
  drifted: false,
  explanation: `${name}: no notable change.`,
  ...over,
});

describe('driftRows', () => {
  const report: DriftReport = {
    rows: 50,
    columns: [
      column('note', { type: 'skipped', status: 'skipped', psi: null, missingShare: null, explanation: 'note: free text, not compared.' }),
      column('a', { psi: 0.05 }),
      column('gone', { status: 'absent', psi: null, explanation: 'gone: not in the new file.' }),
      column('b', { psi: 0.3, shift: 'major', drifted: true }),
      column('c', { psi: 0.12, shift: 'moderate', drifted: true, ks: { statistic: 0.4, pValue: 1.234e-9, drifted: true } }),
      column('d', { psi: 0.05, lowConfidence: true }),
    ],
    drifted: ['b', 'c'],
    absent: ['gone'],
    summary: '',
  };

  it('puts drifted columns first, then compared ones by PSI, then absent, then not compared', () => {
    expect(driftRows(report).map((r) => r.name)).toEqual(['b', 'c', 'a', 'd', 'gone', 'note']);
  });

  it('prints PSI, KS D and p, the shift level and the status in words', () => {
    const [b, c, a, , gone, note] = driftRows(report);
    expect(b).toMatchObject({ psi: '0.3', shift: 'major', drifted: true, ksStatistic: '—', ksPValue: '—', status: 'compared' });
    expect(c).toMatchObject({ ksStatistic: '0.4', ksPValue: '1.234e-9', shift: 'moderate' });
    expect(a).toMatchObject({ shift: 'none', drifted: false });
    expect(gone).toMatchObject({ status: 'not in this file', psi: '—', shift: '—' });
    expect(note).toMatchObject({ status: 'not compared', explanation: 'note: free text, not compared.' });
    expect(driftRows(report)[3]!.lowConfidence).toBe(true);
  });
});

describe('unseenText', () => {
  it('counts rows and quotes examples', () => {
    expect(unseenText({ column: 'colour', count: 3, examples: ['purple', 'teal'] })).toBe('3 rows of colour had values not seen in training, e.g. “purple”, “teal”.');
    expect(unseenText({ column: 'Island', count: 1, examples: ['Atlantis'] })).toBe('1 row of Island had a value not seen in training, e.g. “Atlantis”.');
    expect(unseenText({ column: 'x', count: 1200, examples: [] })).toBe('1,200 rows of x had values not seen in training.');
  });
});

describe('withBom', () => {
  it('prepends one UTF-8 byte order mark', () => {
    expect(withBom('a,b\r\n')).toBe(`${UTF8_BOM}a,b\r\n`);
    expect(withBom(withBom('a\r\n'))).toBe(`${UTF8_BOM}a\r\n`);
  });
});
