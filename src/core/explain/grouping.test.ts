import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupAttributions, playersBySource, playersFromGroups, sumToPlayers } from './grouping';

describe('groupAttributions', () => {
  it('sums players into groups (worked example)', () => {
    // 4 players × 2 outputs; groups: {0, 2} → 0, {3} → 1, player 1 dropped.
    const phi = Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    expect(Array.from(groupAttributions(phi, 2, [0, -1, 0, 1], 2))).toEqual([4, 40, 4, 40]);
  });

  it('preserves each output total when every player is in a group (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 160, maxLength: 160 }),
        (k, nGroups, rawGroups, values) => {
          const groupOf = rawGroups.map((g) => g % nGroups);
          const phi = Float64Array.from(values.slice(0, groupOf.length * k));
          const grouped = groupAttributions(phi, k, groupOf, nGroups);
          for (let o = 0; o < k; o++) {
            let before = 0;
            let abs = 0;
            for (let p = 0; p < groupOf.length; p++) {
              before += phi[p * k + o]!;
              abs += Math.abs(phi[p * k + o]!);
            }
            let after = 0;
            for (let g = 0; g < nGroups; g++) after += grouped[g * k + o]!;
            expect(Math.abs(after - before)).toBeLessThanOrEqual(1e-12 * (1 + abs));
          }
        },
      ),
    );
  });

  it('rejects shape mismatches and unknown groups', () => {
    expect(() => groupAttributions(new Float64Array(5), 2, [0, 0], 1)).toThrow(/expected 2 players × 2 outputs/);
    expect(() => groupAttributions(new Float64Array(2), 1, [0, 3], 2)).toThrow(/group 3, outside \[0, 2\)/);
  });
});

describe('sumToPlayers and playersFromGroups', () => {
  it('sums positions into players', () => {
    const phi = Float64Array.from([1, 2, 3, 4, 5]);
    expect(Array.from(sumToPlayers(phi, 1, [[0, 4], [2], [1, 3]]))).toEqual([6, 3, 6]);
  });

  it('builds players from a position → group map, −1 in none', () => {
    expect(playersFromGroups([1, -1, 0, 1, 0], 2)).toEqual([[2, 4], [0, 3]]);
    expect(() => playersFromGroups([0, 0], 2)).toThrow(/Group 1 has no positions/);
  });
});

describe('playersBySource', () => {
  it('puts every time step of a source column in one player', () => {
    // Encoded: age, city=a, city=b, income; window 3.
    const { players, names } = playersBySource([['age'], ['city'], ['city'], ['income']], 3, 4);
    expect(names).toEqual(['age', 'city', 'income']);
    expect(players).toEqual([
      [0, 4, 8],
      [1, 2, 5, 6, 9, 10],
      [3, 7, 11],
    ]);
  });

  it('joins sources that share an encoded column into one player named "a, b"', () => {
    // a, b, a·b, c, b·d, constant → {a, b, d} (through a·b and b·d), {c}; the constant is in no player.
    const { players, names } = playersBySource([['a'], ['b'], ['a', 'b'], ['c'], ['d', 'b'], []], 2, 6);
    expect(names).toEqual(['a, b, d', 'c']);
    expect(players).toEqual([
      [0, 1, 2, 4, 6, 7, 8, 10],
      [3, 9],
    ]);
  });

  it('rejects a source list that does not match the encoded width, or a bad window', () => {
    expect(() => playersBySource([['a']], 1, 2)).toThrow(/1 encoded columns have sources; the model has 2/);
    expect(() => playersBySource([['a']], 0, 1)).toThrow(/window must be a positive integer/);
  });
});
