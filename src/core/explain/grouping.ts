/**
 * From model inputs to the things a user names. The model sees a d-vector of encoded values (one-hot
 * groups, scaled numbers, polynomial terms, repeated over a time window); a user asks about source
 * columns. Two ways to get there, both exact for Shapley values:
 *
 * - explain with players that are already source columns (`playersBySource`): each player switches all
 *   the positions derived from its sources on and off together, which is the Shapley value of the game
 *   on source columns (not a sum of per-position values, which would differ for non-additive models);
 * - sum attributions of finer players into coarser groups (`groupAttributions`, `sumToPlayers`): the
 *   totals are preserved, so local accuracy carries over, though a group's sum is not in general the
 *   Shapley value the group would get as one player (it is, for linear models).
 */
import type { Players } from './types';

/**
 * Sums rows of `phi` (players × k, row-major) into groups: out[g, o] = Σ_{p: groupOf[p] = g} phi[p, o].
 * A player with group −1 is dropped. Throws RangeError on shape mismatch or a group outside [−1, nGroups).
 * Cost O(players · k).
 */
export function groupAttributions(phi: Float64Array, k: number, groupOf: readonly number[], nGroups: number): Float64Array {
  if (!Number.isInteger(k) || k < 1 || phi.length !== groupOf.length * k) {
    throw new RangeError(`phi has ${phi.length} values; expected ${groupOf.length} players × ${k} outputs.`);
  }
  const out = new Float64Array(nGroups * k);
  for (let p = 0; p < groupOf.length; p++) {
    const g = groupOf[p]!;
    if (g === -1) continue;
    if (!Number.isInteger(g) || g < 0 || g >= nGroups) throw new RangeError(`Player ${p} is in group ${g}, outside [0, ${nGroups}).`);
    for (let o = 0; o < k; o++) out[g * k + o]! += phi[p * k + o]!;
  }
  return out;
}

/**
 * Per-position attributions (d × k) summed into players (players × k). Positions outside every player
 * are dropped. Throws RangeError when a position is outside [0, d). Cost O(d · k).
 */
export function sumToPlayers(phiPositions: Float64Array, k: number, players: Players): Float64Array {
  const d = phiPositions.length / k;
  const out = new Float64Array(players.length * k);
  players.forEach((positions, p) => {
    for (const pos of positions) {
      if (!Number.isInteger(pos) || pos < 0 || pos >= d) throw new RangeError(`Player ${p} has position ${pos}, outside [0, ${d}).`);
      for (let o = 0; o < k; o++) out[p * k + o]! += phiPositions[pos * k + o]!;
    }
  });
  return out;
}

/**
 * Players from a position → group map (−1 = in no player): player g holds the positions of group g in
 * ascending order. Throws RangeError for a group outside [−1, nGroups) or an empty group. Cost O(d).
 */
export function playersFromGroups(groupOf: readonly number[], nGroups: number): Players {
  const players: number[][] = Array.from({ length: nGroups }, () => []);
  groupOf.forEach((g, pos) => {
    if (g === -1) return;
    if (!Number.isInteger(g) || g < 0 || g >= nGroups) throw new RangeError(`Position ${pos} is in group ${g}, outside [0, ${nGroups}).`);
    players[g]!.push(pos);
  });
  players.forEach((positions, g) => {
    if (positions.length === 0) throw new RangeError(`Group ${g} has no positions.`);
  });
  return players;
}

/**
 * Players over source columns for a model whose input is `window` time steps of `nEncoded` encoded
 * columns: encoded column j sits at positions t · nEncoded + j for t < window, and
 * `encodedSources[j]` names the source columns it was computed from.
 *
 * Sources that share an encoded column become one player (connected components: a·b joins a and b,
 * and with them every column of a and of b), named "a, b" in order of first appearance. Splitting a
 * shared column's credit evenly was the alternative; it is not the Shapley value of any game, and
 * switching a's columns off while a·b keeps a's value would feed the model inputs no row could have.
 * An encoded column with no source (a constant) is in no player: it always keeps x's value.
 * Players and their positions are ordered by first appearance (ascending positions).
 * Throws RangeError when encodedSources.length !== nEncoded or window < 1. Cost O(window · nEncoded + Σ sources).
 */
export function playersBySource(
  encodedSources: readonly (readonly string[])[],
  window: number,
  nEncoded: number,
): { players: Players; names: string[] } {
  if (encodedSources.length !== nEncoded) {
    throw new RangeError(`${encodedSources.length} encoded columns have sources; the model has ${nEncoded}.`);
  }
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`The window must be a positive integer (got ${window}).`);
  // Union-find over source names, in order of first appearance.
  const index = new Map<string, number>();
  const parent: number[] = [];
  const order: string[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  for (const sources of encodedSources) {
    let first = -1;
    for (const name of sources) {
      let id = index.get(name);
      if (id === undefined) {
        id = order.length;
        index.set(name, id);
        parent.push(id);
        order.push(name);
      }
      if (first === -1) first = find(id);
      else {
        const r = find(id);
        // Keep the earliest source as the root, so names list sources by first appearance.
        if (r !== first) {
          const lo = Math.min(r, first);
          parent[r] = lo;
          parent[first] = lo;
          first = lo;
        }
      }
    }
  }
  const playerOfRoot = new Map<number, number>();
  const columns: number[][] = [];
  encodedSources.forEach((sources, j) => {
    if (sources.length === 0) return;
    const root = find(index.get(sources[0]!)!);
    let p = playerOfRoot.get(root);
    if (p === undefined) {
      p = columns.length;
      playerOfRoot.set(root, p);
      columns.push([]);
    }
    columns[p]!.push(j);
  });
  const names = columns.map((cols) => {
    const root = find(index.get(encodedSources[cols[0]!]![0]!)!);
    return order.filter((_, id) => find(id) === root).join(', ');
  });
  const players = columns.map((cols) => {
    const positions: number[] = [];
    for (let t = 0; t < window; t++) for (const j of cols) positions.push(t * nEncoded + j);
    return positions;
  });
  return { players, names };
}
