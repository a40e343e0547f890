import { describe, expect, it } from 'vitest';
import { byMagnitude, groupOthers, othersLabel } from './topFeatures';

describe('byMagnitude', () => {
  it('sorts by |value| descending and keeps feature order on ties', () => {
    const sorted = byMagnitude(['a', 'b', 'c', 'd'], [0.1, -0.5, 0.5, 0]);
    expect(sorted.map((f) => f.name)).toEqual(['b', 'c', 'a', 'd']);
    expect(sorted.map((f) => f.index)).toEqual([1, 2, 0, 3]);
  });

  it('reads a missing value as 0', () => {
    expect(byMagnitude(['a', 'b'], [1]).map((f) => f.value)).toEqual([1, 0]);
  });
});

describe('groupOthers', () => {
  const sorted = byMagnitude(['a', 'b', 'c', 'd', 'e'], [5, 4, 3, 2, 1]);

  it('keeps the first `keep` and sums the rest', () => {
    expect(groupOthers(sorted, 2)).toEqual({ shown: sorted.slice(0, 2), others: { count: 3, value: 6 } });
  });

  it('folds nothing when at most keep + 1 features', () => {
    expect(groupOthers(sorted, 4).others).toBeNull();
    expect(groupOthers(sorted, 10).shown).toHaveLength(5);
  });

  it('names the group in plain words', () => {
    expect(othersLabel(1)).toBe('1 other feature');
    expect(othersLabel(12)).toBe('12 other features');
  });
});
