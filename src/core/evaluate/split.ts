/**
 * Train / validation / test splits of a table's rows: random (optionally stratified by class), read
 * from a split column, or chronological (by a time column).
 *
 * Every function here returns disjoint index sets whose union is the input rows (minus the rows a
 * split column or a missing time leaves out), each sorted ascending, fully determined by the inputs
 * and the seed.
 *
 * Stratified sizes are a controlled rounding of the proportional shares: with S_j rows in split j out
 * of n, a class of m rows gets floor or ceil of m·S_j/n rows in each split (so within ±1), while the
 * split sizes stay exact. Among those roundings, one is picked that gives as many classes of >= 3
 * rows as possible a row in train and in test. Only when none of them can, rows move from the classes
 * with the most to spare, and those may then be off by more than 1.
 */
import { cellText } from '../data/table';
import type { Column } from '../data/table';
import { timeOrder } from '../features/nodes/timeWindow';
import { createRng, deriveSeed, shuffleInPlace } from '../util/random';
import type { Rng } from '../util/random';
import type { SplitIndices } from './types';

const TRAIN = 0;
const VALIDATION = 1;
const TEST = 2;
const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
/** Classes with at least this many rows should appear in train and in test. */
const MIN_ROWS_TO_PROTECT = 3;

/**
 * Random split of `rows` (candidate table row indices, distinct: rows with a non-missing target).
 *
 * Sizes: test = max(1, round(n·test)); validation = max(1, round(n·validation)) when
 * validation > 0, but shrunk (possibly to 0) so that train keeps at least one row; train = the rest.
 * `strata`, when given, holds a class index per *table* row (indexed by the values in `rows`) and
 * makes the split stratified (see the module comment). Seeded: same inputs, same split.
 * Throws RangeError for fractions outside validation >= 0, test > 0, validation + test < 1, and
 * Error when fewer than 2 rows leave train or test empty.
 */
export function randomSplit(
  rows: Int32Array,
  fractions: { validation: number; test: number },
  seed: number,
  strata?: Int32Array | null,
): SplitIndices {
  const rng = createRng(deriveSeed(seed, 'randomSplit'));
  return allocate(rows, splitSizes(rows.length, fractions), strata ?? null, rng);
}

/** [train, validation, test] sizes of n rows, as documented on randomSplit (shared by timeSplit). */
function splitSizes(n: number, fractions: { validation: number; test: number }): [number, number, number] {
  const { validation, test } = fractions;
  if (!(Number.isFinite(validation) && Number.isFinite(test) && validation >= 0 && test > 0 && validation + test < 1)) {
    throw new RangeError(
      `Split fractions must satisfy validation >= 0, test > 0 and validation + test < 1 (got validation ${validation}, test ${test}).`,
    );
  }
  const nTest = Math.max(1, Math.round(n * test));
  let nValidation = validation > 0 ? Math.max(1, Math.round(n * validation)) : 0;
  nValidation = Math.max(0, Math.min(nValidation, n - nTest - 1));
  if (n - nTest - nValidation < 1) {
    throw new Error(
      `Too few rows to split: ${n} row(s) with a target value, but train and test each need at least one.`,
    );
  }
  return [n - nTest - nValidation, nValidation, nTest];
}

/**
 * Chronological split of `rows` (distinct table rows) by `times` (one per *table* row; NaN = missing): the rows are ordered
 * by time, ties by row index (timeOrder, as the Lag and Rolling nodes), and the earliest train, the next
 * validate, the latest test, so no model is chosen or scored on rows older than the ones it learned
 * from. Sizes as randomSplit's, counted over the rows that have a time; a tie at a boundary may fall on
 * both sides. Rows without a time go in no split and are counted in `missingTime`. Not stratified, no
 * seed. Throws as randomSplit does (bad fractions, too few rows with a time).
 */
export function timeSplit(rows: Int32Array, times: Float64Array, fractions: { validation: number; test: number }): SplitIndices & { missingTime: number } {
  // The candidates' times at their table rows (NaN elsewhere), so timeOrder breaks ties by table row.
  const candidate = new Float64Array(times.length).fill(NaN);
  for (const r of rows) {
    if (r >= times.length) throw new RangeError(`times has no entry for row ${r} (length ${times.length}).`);
    candidate[r] = times[r]!;
  }
  const ordered = timeOrder(candidate);
  const [nTrain, nValidation] = splitSizes(ordered.length, fractions);
  const part = (from: number, to: number): Int32Array => ordered.slice(from, to).sort();
  return {
    train: part(0, nTrain),
    validation: part(nTrain, nTrain + nValidation),
    test: part(nTrain + nValidation, ordered.length),
    missingTime: rows.length - ordered.length,
  };
}

/** A split column value that is not a split name, and how many candidate rows hold it. */
export interface UnrecognizedSplitValue {
  /** The cell as text; '' for a missing cell. */
  readonly value: string;
  readonly count: number;
}

/**
 * Split read from a column: cell values train / training, validation / valid / val, test / testing
 * (case-insensitive, surrounding spaces ignored) put the row in that split. Rows with any other
 * value, or a missing one, go in no split and are reported in `unrecognized` (most frequent first).
 * When no row says validation and `validationFraction` > 0, validation rows are carved from the
 * train rows: max(1, round(nTrain·validationFraction)), keeping at least one train row; stratified by
 * `strata` (class index per table row) when given; seeded.
 * Throws Error when no row is marked train or none test; RangeError for a fraction outside [0, 1).
 */
export function columnSplit(
  rows: Int32Array,
  splitColumn: Column,
  validationFraction: number,
  seed: number,
  strata?: Int32Array | null,
): SplitIndices & { unrecognized: UnrecognizedSplitValue[] } {
  if (!(Number.isFinite(validationFraction) && validationFraction >= 0 && validationFraction < 1)) {
    throw new RangeError(`Validation fraction must be in [0, 1) (got ${validationFraction}).`);
  }
  const bySplit: number[][] = [[], [], []];
  const unrecognized = new Map<string, number>();
  // String cells are resolved once per dictionary entry, not once per row; numbers are never split names.
  let splitOfRow: (row: number) => number = () => -1;
  if (splitColumn.storage === 'string') {
    const { codes } = splitColumn;
    const byCode = splitColumn.dictionary.map(splitOfValue);
    splitOfRow = (row) => byCode[codes[row]!] ?? -1;
  }
  for (const row of rows) {
    const split = splitOfRow(row);
    if (split >= 0) {
      bySplit[split]!.push(row);
    } else {
      const value = cellText(splitColumn, row);
      unrecognized.set(value, (unrecognized.get(value) ?? 0) + 1);
    }
  }
  // Stable sort keeps first-seen order among equal counts.
  const unrecognizedList = [...unrecognized].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);

  for (const split of [TRAIN, TEST]) {
    if (bySplit[split]!.length === 0) {
      throw new Error(
        `The split column "${splitColumn.name}" marks no row as ${SPLIT_NAMES[split]}` +
          ` (found ${describeValues(bySplit, unrecognizedList)}). Use the values train, validation and test.`,
      );
    }
  }
  const [train, validation, test] = bySplit.map((r) => Int32Array.from(r).sort()) as [Int32Array, Int32Array, Int32Array];
  if (validation.length > 0 || validationFraction === 0) return { train, validation, test, unrecognized: unrecognizedList };

  const nTrain = train.length;
  const nCarved = Math.max(0, Math.min(Math.max(1, Math.round(nTrain * validationFraction)), nTrain - 1));
  const rng = createRng(deriveSeed(seed, 'columnSplit/validation'));
  const carved = allocate(train, [nTrain - nCarved, nCarved, 0], strata ?? null, rng);
  return { train: carved.train, validation: carved.validation, test, unrecognized: unrecognizedList };
}

function splitOfValue(value: string): number {
  switch (value.trim().toLowerCase()) {
    case 'train':
    case 'training':
      return TRAIN;
    case 'validation':
    case 'valid':
    case 'val':
      return VALIDATION;
    case 'test':
    case 'testing':
      return TEST;
    default:
      return -1;
  }
}

function describeValues(bySplit: number[][], unrecognized: readonly UnrecognizedSplitValue[]): string {
  const parts = SPLIT_NAMES.map((name, j): UnrecognizedSplitValue => ({ value: name, count: bySplit[j]!.length }))
    .filter((p) => p.count > 0)
    .concat(unrecognized)
    .map((p) => `${p.value === '' ? '(missing)' : JSON.stringify(p.value)} × ${p.count}`);
  if (parts.length === 0) return 'no rows';
  return parts.length > 6 ? `${parts.slice(0, 6).join(', ')}, …` : parts.join(', ');
}

/**
 * Splits `rows` into exactly `sizes` = [train, validation, test] rows, stratified by `strata` when
 * given. Consumes `rng` deterministically.
 */
function allocate(
  rows: Int32Array,
  sizes: readonly [number, number, number],
  strata: Int32Array | null,
  rng: Rng,
): SplitIndices {
  const groups = groupRows(rows, strata);
  const counts = stratifiedCounts(
    groups.map((g) => g.length),
    sizes,
    rng,
  );
  const out = [new Int32Array(sizes[TRAIN]), new Int32Array(sizes[VALIDATION]), new Int32Array(sizes[TEST])] as const;
  const filled = [0, 0, 0];
  groups.forEach((group, c) => {
    shuffleInPlace(group, rng);
    let at = 0;
    for (const split of [TEST, VALIDATION, TRAIN]) {
      const take = counts[c]![split]!;
      out[split]!.set(group.subarray(at, at + take), filled[split]!);
      filled[split]! += take;
      at += take;
    }
  });
  return { train: out[TRAIN].sort(), validation: out[VALIDATION].sort(), test: out[TEST].sort() };
}

/** Rows grouped by stratum value, groups ordered by that value; one group without strata. */
function groupRows(rows: Int32Array, strata: Int32Array | null): Int32Array[] {
  if (strata === null) return [Int32Array.from(rows)];
  const byClass = new Map<number, number[]>();
  for (const row of rows) {
    const c = strata[row];
    if (c === undefined) throw new RangeError(`strata has no entry for row ${row} (length ${strata.length}).`);
    let list = byClass.get(c);
    if (list === undefined) byClass.set(c, (list = []));
    list.push(row);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((c) => Int32Array.from(byClass.get(c)!));
}

/**
 * Rows per class per split: counts[c][j], rows summing to `classSizes[c]`, columns to `sizes[j]`.
 *
 * 1. Floors of the proportional shares e = m·S_j/n leave, per class, r = 0..2 cells to round up and,
 *    per split, s_j units to hand out: a transportation problem whose fractional parts are a feasible
 *    solution, so an integral one exists (floor/ceil everywhere, every sum exact).
 * 2. It is solved as a min-cost flow in which rounding up a "protected" cell (a class of >= 3 rows
 *    whose share of train or test rounds down to 0) costs -1, so as many as possible are met. Classes
 *    with the same (r, cells that may round up, protected cells) are merged into one node, which keeps
 *    the graph at a few dozen nodes whatever the number of classes.
 * 3. Protected cells still empty are then filled by moving rows from the class with the most surplus.
 */
function stratifiedCounts(classSizes: readonly number[], sizes: readonly [number, number, number], rng: Rng): number[][] {
  const n = classSizes.reduce((a, b) => a + b, 0);
  const k = classSizes.length;
  const counts: number[][] = [];
  const ideal: number[][] = [];
  const lower: number[][] = [];
  const residual = [...sizes];
  const typeOf = new Map<number, number[]>();
  for (let c = 0; c < k; c++) {
    const m = classSizes[c]!;
    const row: number[] = [];
    let roundUp = 0;
    let eligible = 0;
    let protectedMask = 0;
    for (let j = 0; j < 3; j++) {
      // Integer arithmetic: m·S_j < 2^53, so floor and "has a fractional part" are exact.
      const a = m * sizes[j]!;
      const floor = (a - (a % n)) / n;
      row.push(floor);
      residual[j]! -= floor;
      roundUp -= floor;
      if (a % n !== 0) eligible |= 1 << j;
      if (j !== VALIDATION && m >= MIN_ROWS_TO_PROTECT && sizes[j]! > 0 && floor === 0) protectedMask |= 1 << j;
    }
    roundUp += m;
    counts.push(row);
    ideal.push(sizes.map((s) => (m * s) / n));
    lower.push([0, 1, 2].map((j) => (j !== VALIDATION && m >= MIN_ROWS_TO_PROTECT && sizes[j]! > 0 ? 1 : 0)));
    if (roundUp > 0) {
      const key = (roundUp << 6) | (eligible << 3) | protectedMask;
      let members = typeOf.get(key);
      if (members === undefined) typeOf.set(key, (members = []));
      members.push(c);
    }
  }

  // Min-cost flow: source -> type (cap N·r) -> split (cap N, cost -1 if protected) -> sink (cap s_j).
  const types = [...typeOf].sort((a, b) => a[0] - b[0]);
  const source = 0;
  const sink = types.length + 4;
  const splitNode = (j: number): number => types.length + 1 + j;
  const graph = new FlowGraph(types.length + 5);
  const typeEdges: (FlowEdge | null)[][] = [];
  let required = 0;
  types.forEach(([key, members], t) => {
    const r = key >> 6;
    required += r * members.length;
    graph.addEdge(source, t + 1, r * members.length, 0);
    typeEdges.push(
      [0, 1, 2].map((j) =>
        (key >> 3) & (1 << j) ? graph.addEdge(t + 1, splitNode(j), members.length, key & (1 << j) ? -1 : 0) : null,
      ),
    );
  });
  for (let j = 0; j < 3; j++) graph.addEdge(splitNode(j), sink, residual[j]!, 0);
  const flow = graph.minCostMaxFlow(source, sink);
  if (flow !== required) throw new Error(`Internal error: stratified rounding found ${flow} of ${required} units.`);

  // Within a type, hand out each split's units round-robin over the (shuffled) classes: a split gets
  // at most N units, so no class gets two from the same split, and each gets exactly r.
  types.forEach(([, members], t) => {
    shuffleInPlace(members, rng);
    let p = 0;
    for (let j = 0; j < 3; j++) {
      const units = typeEdges[t]![j]?.flow ?? 0;
      for (let u = 0; u < units; u++, p++) counts[members[p % members.length]!]![j]! += 1;
    }
  });

  // Repair protected cells the rounding could not meet. Always succeeds when split j has at least
  // as many rows as classes needing one there: some other class then holds a row above its minimum.
  const order = shuffleInPlace(Int32Array.from({ length: k }, (_, c) => c), rng);
  for (const c of order) {
    for (const j of [TEST, TRAIN]) {
      if (counts[c]![j]! >= lower[c]![j]!) continue;
      const surplus = (d: number, s: number): number => counts[d]![s]! - ideal[d]![s]!;
      let donor = -1;
      for (const d of order) {
        if (d !== c && counts[d]![j]! > lower[d]![j]! && (donor < 0 || surplus(d, j) > surplus(donor, j))) donor = d;
      }
      let from = -1;
      for (let s = 0; s < 3; s++) {
        if (s !== j && counts[c]![s]! > lower[c]![s]! && (from < 0 || surplus(c, s) > surplus(c, from))) from = s;
      }
      if (donor < 0 || from < 0) continue;
      counts[c]![j]! += 1;
      counts[c]![from]! -= 1;
      counts[donor]![j]! -= 1;
      counts[donor]![from]! += 1;
    }
  }
  return counts;
}

interface FlowEdge {
  readonly to: number;
  readonly cost: number;
  readonly capacity: number;
  residual: number;
  /** Index of the reverse edge in `to`'s adjacency list. */
  readonly reverse: number;
  readonly flow: number;
}

/**
 * Successive-shortest-path min-cost max-flow with Bellman-Ford (costs may be negative). Meant for the
 * tiny graphs above (tens of nodes); O(flow augmentations · V · E).
 */
class FlowGraph {
  private readonly adjacency: FlowEdge[][];

  constructor(nodes: number) {
    this.adjacency = Array.from({ length: nodes }, () => []);
  }

  addEdge(from: number, to: number, capacity: number, cost: number): FlowEdge {
    const forward = makeEdge(to, cost, capacity, this.adjacency[to]!.length);
    const backward = makeEdge(from, -cost, 0, this.adjacency[from]!.length);
    this.adjacency[from]!.push(forward);
    this.adjacency[to]!.push(backward);
    return forward;
  }

  minCostMaxFlow(source: number, sink: number): number {
    const nodes = this.adjacency.length;
    let total = 0;
    for (;;) {
      const dist = new Array<number>(nodes).fill(Infinity);
      const via: (FlowEdge | null)[] = new Array<FlowEdge | null>(nodes).fill(null);
      const prev = new Array<number>(nodes).fill(-1);
      dist[source] = 0;
      for (let round = 0; round < nodes - 1; round++) {
        let changed = false;
        for (let u = 0; u < nodes; u++) {
          if (dist[u] === Infinity) continue;
          for (const e of this.adjacency[u]!) {
            if (e.residual > 0 && dist[u]! + e.cost < dist[e.to]!) {
              dist[e.to] = dist[u]! + e.cost;
              via[e.to] = e;
              prev[e.to] = u;
              changed = true;
            }
          }
        }
        if (!changed) break;
      }
      if (dist[sink] === Infinity) return total;
      let push = Infinity;
      for (let v = sink; v !== source; v = prev[v]!) push = Math.min(push, via[v]!.residual);
      for (let v = sink; v !== source; v = prev[v]!) {
        const e = via[v]!;
        e.residual -= push;
        this.adjacency[v]![e.reverse]!.residual += push;
      }
      total += push;
    }
  }
}

function makeEdge(to: number, cost: number, capacity: number, reverse: number): FlowEdge {
  return {
    to,
    cost,
    capacity,
    residual: capacity,
    reverse,
    get flow(): number {
      return this.capacity - this.residual;
    },
  };
}
