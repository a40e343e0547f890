import { methodText } from './MethodFacts';
import { describe, expect, it } from 'vitest';
import type { ExplainReport } from '../../../core/explain/reports';
import { dependencePoints } from './dependence';
import { defaultOutput, formatSigned, gapText, meanAbsOf, outputIndex, rowPhis, spaceLabel } from './explainView';

const report = {
  method: 'exact',
  methodReason: 'test',
  space: 'probability',
  granularity: 'source',
  features: ['age', 'city'],
  outputs: ['no', 'yes'],
  base: [0.6, 0.4],
  rows: [
    { row: 3, line: 5, fx: [0.3, 0.7], phi: [-0.2, 0.2, -0.1, 0.1], values: ['40', 'Oslo'], numeric: [40, null] },
    { row: 8, line: null, fx: [0.9, 0.1], phi: [0.2, -0.2, 0.1, -0.1], values: ['', 'Rome'], numeric: [null, null] },
    { row: 9, line: 11, fx: [0.5, 0.5], phi: [0, 0, -0.1, 0.1], values: ['20', 'Oslo'], numeric: [20, null] },
  ],
  meanAbs: [0.4 / 3, 0.4 / 3, 0.1, 0.1],
  localAccuracyGap: 3.1e-7,
  background: { rows: 10, summary: 'all' },
  notes: [],
  ms: 1,
} as const satisfies ExplainReport;

describe('outputs', () => {
  it('shows the positive (second) class of a binary model by default, else the first output', () => {
    expect(defaultOutput(['no', 'yes'], true)).toBe(1);
    expect(defaultOutput(['yes'], true)).toBe(0);
    expect(defaultOutput(['a', 'b', 'c'], false)).toBe(0);
    expect(outputIndex(['a', 'b', 'c'], 'c', false)).toBe(2);
    expect(outputIndex(['no', 'yes'], 'gone', true)).toBe(1);
  });

  it('names what the attributions add up to', () => {
    expect(spaceLabel('probability', 'yes')).toBe('probability of class “yes”');
    expect(spaceLabel('logit', 'yes')).toMatch(/^logit of “yes” — linear SHAP works on the logit$/);
    expect(spaceLabel('value', 'price')).toBe('predicted value');
    expect(spaceLabel('score', 'anomaly score')).toBe('anomaly score (reconstruction error)');
  });

  it('reads phi as features × outputs, row-major', () => {
    expect(rowPhis(report, report.rows[0], 1)).toEqual([0.2, 0.1]);
    expect(rowPhis(report, report.rows[0], 0)).toEqual([-0.2, -0.1]);
    expect(meanAbsOf(report, 1)).toEqual([0.4 / 3, 0.1]);
  });

  it('formats signs and gaps as text', () => {
    expect(formatSigned(0.25)).toBe('+0.25');
    expect(formatSigned(-0.25)).toBe('−0.25');
    expect(gapText(3.1e-7)).toBe('Attributions add up to the prediction within 3.1e-7.');
    expect(gapText(0)).toMatch(/exactly/);
  });
});

describe('dependencePoints', () => {
  it('uses the numbers of a numeric feature and counts the rows without one', () => {
    const d = dependencePoints(report, 0, 1);
    expect(d.kind).toBe('numeric');
    expect(d.points).toEqual([
      { x: 40, y: 0.2 },
      { x: 20, y: 0 },
    ]);
    expect(d.missing).toBe(1);
  });

  it('turns text values into categories, most frequent first', () => {
    const d = dependencePoints(report, 1, 1);
    expect(d.kind === 'categorical' && d.categories).toEqual(['Oslo', 'Rome']);
    expect(d.points).toEqual([
      { x: 0, y: 0.1 },
      { x: 1, y: -0.1 },
      { x: 0, y: 0.1 },
    ]);
  });
});

describe('methodText', () => {
  it('names the method once', () => {
    expect(methodText({ method: 'exact', methodReason: 'exact Shapley values (6 players: all 64 coalitions)' })).toBe('Exact Shapley values (6 players: all 64 coalitions)');
    expect(methodText({ method: 'kernel', methodReason: 'KernelSHAP estimate (30 players)' })).toBe('KernelSHAP estimate (30 players)');
    expect(methodText({ method: 'linear', methodReason: 'exact linear SHAP on the logit (the model is linear)' })).toBe('Linear SHAP: exact linear SHAP on the logit (the model is linear)');
  });
});
