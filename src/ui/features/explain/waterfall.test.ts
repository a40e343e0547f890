import { describe, expect, it } from 'vitest';
import { waterfallSteps } from './waterfall';

describe('waterfallSteps', () => {
  it('chains the bars from the base to base + Σphi, largest |phi| first', () => {
    const w = waterfallSteps(0.4, [0.1, -0.3, 0.05], ['a', 'b', 'c'], ['1', 'x', '']);
    expect(w.steps.map((s) => s.label)).toEqual(['b', 'a', 'c']);
    expect(w.steps.map((s) => s.value)).toEqual(['x', '1', '']);
    expect(w.steps[0]!.start).toBe(0.4);
    for (let i = 1; i < w.steps.length; i++) expect(w.steps[i]!.start).toBe(w.steps[i - 1]!.end);
    for (const s of w.steps) expect(s.end - s.start).toBeCloseTo(s.contribution, 15);
    expect(w.end).toBeCloseTo(0.4 + 0.1 - 0.3 + 0.05, 15);
    expect(w.steps[w.steps.length - 1]!.end).toBe(w.end);
  });

  it('folds the features beyond the top `keep` into one "N other features" step with their sum', () => {
    const phi = Array.from({ length: 14 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1));
    const names = phi.map((_, i) => `f${i}`);
    const w = waterfallSteps(2, phi, names, names, 10);
    expect(w.steps).toHaveLength(11);
    const last = w.steps[10]!;
    expect(last.label).toBe('4 other features');
    expect(last.value).toBeNull();
    // f0..f3 have the smallest |phi|: 1, -2, 3, -4.
    expect(last.contribution).toBe(1 - 2 + 3 - 4);
    expect(w.steps[0]!.label).toBe('f13');
    expect(w.end).toBeCloseTo(2 + phi.reduce((a, b) => a + b, 0), 12);
  });

  it('shows keep + 1 features one by one rather than folding a single one', () => {
    const w = waterfallSteps(0, [1, 2, 3], ['a', 'b', 'c'], ['', '', ''], 2);
    expect(w.steps.map((s) => s.label)).toEqual(['c', 'b', 'a']);
  });
});
