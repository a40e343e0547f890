/**
 * The preprocessing half of the ONNX export (issue 5): a run's fitted features (the default pipeline's
 * FittedPreprocessor, or a graph's fitted feature nodes) as ONNX ops, so that the exported model takes
 * the user's raw columns and computes the same matrix the studio trained on. The per-kind ops of the
 * graph pipeline are in featureNodes.ts; the reference is `transform` (preprocess.ts) and the kinds'
 * `apply` with `trainRows: null` after the source's treatment (pipeline/graphExperiment.ts).
 *
 * Graph inputs, one per raw column the features read (columns that no output depends on are left
 * out), named as the column, shape [N, 1]:
 * - a number column: float32, NaN when missing;
 * - a text column: string, '' when missing (v1 one-hot columns are always text: a number cell as
 *   JavaScript writes it, e.g. "3" or "0.5");
 * - a date-time or boolean column stored as text that the pipeline reads as numbers (graph: the
 *   source's numericViews; v1: datetime and boolean kinds): float32 that the caller converts, ms since
 *   1970-01-01 UTC, or 1 / 0 (NaN when missing). float32 holds a present-day date to about 2 minutes.
 * Each input's `meaning` says this in words; feeds.ts converts a table exactly as the studio reads it.
 *
 * The output is float [N, d], its columns in `fitted.outputNames` order, or [N, window, d] for a time
 * window: the N rows are read as consecutive in time, row i with the window − 1 rows before it and
 * zeros before the first row (graphExperiment.ts's `matrix` over rows 0..N−1).
 */
import type { ColumnKind } from '../../data/table';
import { FEATURE_NODES } from '../../features/nodes/registry';
import type { FittedInput, FittedPreprocessor } from '../../features/preprocess';
import type { FittedFeatureGraph, FittedFeatures } from '../../pipeline/experiment';
import { blockColumns, EMITTERS, int, ints, lazy, NOT_EXPORTED, oneHotBlock, Ops, strs, type SymColumn } from './featureNodes';
import { OnnxGraphBuilder } from './graphBuilder';
import { OnnxExportError } from './model';

/** Thrown by addFeatureGraph with featureExportProblems' messages (model.ts's class, shared by both halves). */
export { OnnxExportError };

/** How feeds.ts reads a graph input from a table column. */
export type InputReading =
  /** The stored numbers (a text column read with columnAsNumbers 'numeric'). */
  | { readonly kind: 'number' }
  /** The cell text (cellText: numbers as String(v), '' when missing). */
  | { readonly kind: 'text' }
  /** columnAsNumbers(column, as): date-times as ms since the epoch (UTC), booleans as 0/1. */
  | { readonly kind: 'view'; readonly as: ColumnKind }
  /** A v1 boolean: the fitted true and false texts → 1 / 0, anything else NaN. */
  | { readonly kind: 'boolean'; readonly trueLevels: readonly string[]; readonly falseLevels: readonly string[] };

export interface FeatureInput {
  readonly name: string;
  readonly type: 'float' | 'string';
  /** What the caller feeds, in words (units, missing values). */
  readonly meaning: string;
  readonly reading: InputReading;
}

const isGraph = (f: FittedFeatures): f is FittedFeatureGraph => 'kind' in f && f.kind === 'graph';

interface Slot {
  readonly input: FeatureInput;
  used: boolean;
}

interface Compiled {
  readonly ops: Ops;
  readonly outputs: readonly SymColumn[];
  readonly slots: readonly Slot[];
  readonly problems: readonly string[];
  readonly window: number;
}

const MEANING_NUMBER = 'a number; NaN when missing.';
const MEANING_TEXT = 'the cell\'s text (a number as JavaScript writes it, e.g. "3" or "0.5"); "" when missing.';
const MEANING_DATETIME =
  'the date-time as milliseconds since 1970-01-01 UTC (a date-time without a time zone counts as UTC); NaN when missing. float32 keeps about 2 minutes of precision.';

const quoted = (texts: readonly string[]): string =>
  texts.length === 0 ? '(none)' : texts.slice(0, 5).map((t) => `"${t}"`).join(', ') + (texts.length > 5 ? ', …' : '');

/** Reserves each raw column's name and gives it a column that marks the input used when read. */
function rawColumns(b: OnnxGraphBuilder, inputs: readonly { input: FeatureInput; exact: boolean }[], problems: string[]): { slots: Slot[]; columns: SymColumn[] } {
  const slots: Slot[] = [];
  const columns: SymColumn[] = [];
  for (const { input, exact } of inputs) {
    if (input.name === '') problems.push('A column without a name cannot be a model input; name it in the data.');
    else {
      try {
        b.reserve(input.name);
      } catch {
        problems.push(`The column name "${input.name}" is already used inside the ONNX graph; rename the column.`);
      }
    }
    const slot: Slot = { input, used: false };
    slots.push(slot);
    columns.push({
      name: input.name,
      storage: input.type === 'float' ? 'numeric' : 'string',
      exact,
      tensor: () => {
        slot.used = true;
        return input.name;
      },
    });
  }
  return { slots, columns };
}

function compileV1(b: OnnxGraphBuilder, pre: FittedPreprocessor): Compiled {
  const ops = new Ops(b);
  const problems: string[] = [];
  const inputOf = (i: FittedInput): FeatureInput => {
    if (i.encoding === 'one-hot') return { name: i.column, type: 'string', meaning: MEANING_TEXT, reading: { kind: 'text' } };
    if (i.encoding === 'boolean') {
      return {
        name: i.column,
        type: 'float',
        meaning: `1 when the cell reads ${quoted(i.trueLevels)}, 0 when it reads ${quoted(i.falseLevels)}; NaN when missing or anything else.`,
        reading: { kind: 'boolean', trueLevels: i.trueLevels, falseLevels: i.falseLevels },
      };
    }
    return { name: i.column, type: 'float', meaning: i.kind === 'datetime' ? MEANING_DATETIME : MEANING_NUMBER, reading: { kind: 'view', as: i.kind } };
  };
  const { slots, columns } = rawColumns(b, pre.inputs.map((i) => ({ input: inputOf(i), exact: true })), problems);
  const outputs: SymColumn[] = [];
  pre.inputs.forEach((input, k) => {
    const raw = columns[k]!;
    if (input.encoding !== 'one-hot') {
      // transform(): ((value, or impute when missing or infinite) − mean) / std.
      outputs.push({
        name: input.column,
        storage: 'numeric',
        exact: false,
        tensor: lazy(() => {
          const x = raw.tensor();
          const missing = ops.op('Or', [ops.isNaN(x), ops.op('IsInf', [x])]);
          const v = ops.where(missing, ops.f(input.impute), x);
          const centered = input.mean === 0 ? v : ops.op('Sub', [v, ops.f(input.mean)]);
          return input.std === 1 ? centered : ops.op('Div', [centered, ops.f(input.std)]);
        }),
      });
      return;
    }
    // One-hot: kept level → its slot, missing → the most frequent level's slot, other → "(other)" or none.
    if (input.levels.includes('')) problems.push(`Column "${input.column}": an empty category cannot be told apart from a missing cell in the exported model.`);
    const width = input.levels.length + (input.otherLevel === null ? 0 : 1);
    const other = input.otherLevel === null ? -1 : input.levels.length;
    const mostFrequent = input.levels.indexOf(input.mostFrequent);
    const index = lazy(() =>
      ops.ml('LabelEncoder', [raw.tensor()], {
        keys_strings: strs([...input.levels, '']),
        values_int64s: ints([...input.levels.map((_, j) => j), mostFrequent >= 0 ? mostFrequent : other]),
        default_int64: int(other),
      }),
    );
    const names = input.levels.map((l) => `${input.column}=${l}`);
    if (input.otherLevel !== null) names.push(`${input.column}=${input.otherLevel}`);
    outputs.push(...blockColumns(names, lazy(() => oneHotBlock(ops, index(), width, false)), ops));
  });
  if (outputs.length !== pre.outputNames.length) {
    problems.push(`The preprocessing gives ${outputs.length} features but names ${pre.outputNames.length}; train the model again.`);
  }
  return { ops, outputs, slots, problems, window: 1 };
}

function graphInput(fitted: FittedFeatureGraph, name: string): { input: FeatureInput; exact: boolean } {
  const view = fitted.source.numericViews[name];
  if (view !== undefined) {
    const meaning =
      view === 'datetime'
        ? MEANING_DATETIME
        : view === 'boolean'
          ? '1 for true and 0 for false, as the studio reads the column (true/false or yes/no words, else the larger of two values is true); NaN when missing.'
          : MEANING_NUMBER;
    // A date's float32 is rounded to about 2 minutes: not exact enough to match categories.
    return { input: { name, type: 'float', meaning, reading: { kind: 'view', as: view } }, exact: view !== 'datetime' };
  }
  if (fitted.inputTypes?.[name] === 'string') return { input: { name, type: 'string', meaning: MEANING_TEXT, reading: { kind: 'text' } }, exact: true };
  return { input: { name, type: 'float', meaning: MEANING_NUMBER, reading: { kind: 'number' } }, exact: true };
}

function compileGraph(b: OnnxGraphBuilder, fitted: FittedFeatureGraph): Compiled {
  const ops = new Ops(b);
  const problems: string[] = [];
  if (fitted.inputTypes === undefined) {
    problems.push('This model was saved before the studio recorded how each input column is stored (numbers or text); train it again to export it.');
  }
  const window = fitted.window ?? 1;
  if (!Number.isSafeInteger(window) || window < 1) problems.push(`The time window ${window} is not a whole number of rows.`);
  const { slots, columns } = rawColumns(b, fitted.inputs.map((name) => graphInput(fitted, name)), problems);
  let table: SymColumn[] = columns;
  // After a step that is not exported the table is unknown: later steps are only checked by kind.
  let known = true;
  fitted.steps.forEach((step, i) => {
    const label = FEATURE_NODES[step.kind]?.label ?? step.kind;
    const prefix = `Step ${i + 1}, ${label} (node ${step.nodeId}): `;
    const why = NOT_EXPORTED[step.kind];
    const emit = EMITTERS[step.kind];
    if (why !== undefined || emit === undefined) {
      problems.push(prefix + (why ?? `the kind "${step.kind}" is not known to the ONNX export.`));
      known = false;
      return;
    }
    if (!known) return;
    try {
      table = emit(table, step.params, step.state, { ops, fault: (message) => problems.push(prefix + message) });
    } catch (e) {
      problems.push(`${prefix}its saved state cannot be read (${e instanceof Error ? e.message : String(e)}).`);
      known = false;
    }
  });
  const outputs: SymColumn[] = [];
  if (known) {
    for (const name of fitted.outputNames) {
      const col = table.find((c) => c.name === name);
      if (col === undefined || col.storage !== 'numeric') {
        problems.push(`The model input "${name}" is ${col === undefined ? 'not produced' : 'still text'} at the end of the exported feature steps.`);
      } else outputs.push(col);
    }
  }
  return { ops, outputs, slots, problems, window };
}

function compile(b: OnnxGraphBuilder, fitted: FittedFeatures): Compiled {
  return isGraph(fitted) ? compileGraph(b, fitted) : compileV1(b, fitted);
}

/**
 * The [N, d] Concat of the output columns; a run of columns that is a whole one-hot block, in order,
 * goes in as the block (no Split).
 */
function concatColumns(ops: Ops, cols: readonly SymColumn[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cols.length; ) {
    const p = cols[i]!.part;
    const whole =
      p !== undefined &&
      p.index === 0 &&
      Array.from({ length: p.width }, (_, k) => cols[i + k]?.part).every((q, k) => q !== undefined && q.block === p.block && q.index === k);
    if (whole) {
      parts.push(p.block());
      i += p.width;
    } else {
      parts.push(cols[i]!.tensor());
      i++;
    }
  }
  return ops.b.node('Concat', parts, { axis: int(1) }, { outputs: [ops.b.fresh('features')] })[0]!;
}

/**
 * [N, window, d] from [N, d]: row i holds rows i − window + 1 … i, zeros before the first (Pad the
 * front with window − 1 zero rows, then one Slice per time step: works for any N).
 */
function windowed(ops: Ops, x: string, window: number): string {
  const padded = ops.op('Pad', [x, ops.ints([window - 1, 0, 0, 0])]);
  const steps = Array.from({ length: window }, (_, t) => {
    // Rows t … t + N − 1 of the N + window − 1 padded rows; the last step runs to the end.
    const end = t === window - 1 ? Number.MAX_SAFE_INTEGER : t - (window - 1);
    const rows = ops.op('Slice', [padded, ops.ints([t]), ops.ints([end]), ops.ints([0])]);
    return ops.op('Unsqueeze', [rows, ops.ints([1])]);
  });
  return ops.b.node('Concat', steps, { axis: int(1) }, { outputs: [ops.b.fresh('features_window')] })[0]!;
}

/**
 * Why this fitted pipeline cannot be exported: one plain message per node at fault, naming it ("Step
 * 3, TF-IDF (node tfidf_2): text vectorizing is not supported by the ONNX export; ..."). Empty =
 * exportable. Builds nothing (a scratch builder, no op is emitted). After a step that is not exported,
 * later steps are checked by kind only.
 */
export function featureExportProblems(fitted: FittedFeatures): string[] {
  return [...compile(new OnnxGraphBuilder(), fitted).problems];
}

function emit(b: OnnxGraphBuilder, fitted: FittedFeatures): { output: string; inputs: FeatureInput[] } {
  const c = compile(b, fitted);
  if (c.problems.length > 0) throw new OnnxExportError(c.problems);
  const x = concatColumns(c.ops, c.outputs);
  const output = c.window > 1 ? windowed(c.ops, x, c.window) : x;
  const inputs = c.slots.filter((s) => s.used).map((s) => s.input);
  for (const input of inputs) b.inputs.push({ name: input.name, type: input.type, shape: ['N', 1] });
  return { output, inputs };
}

/**
 * Declares one graph input per raw source column the features read (name = the column name, shape
 * ['N', 1], float for numbers, string for text; see the module comment) and emits the pipeline;
 * returns the float tensor that feeds the model: [N, d] (window 1) or [N, window, d], columns in
 * `fitted.outputNames` order. Throws OnnxExportError with featureExportProblems' messages when the
 * pipeline cannot be exported. Cost: O(outputs + levels) nodes and constants.
 */
export function addFeatureGraph(
  b: OnnxGraphBuilder,
  fitted: FittedFeatures,
): { output: string; inputs: readonly { name: string; type: 'float' | 'string'; meaning: string }[] } {
  const { output, inputs } = emit(b, fitted);
  return { output, inputs: inputs.map(({ name, type, meaning }) => ({ name, type, meaning })) };
}

/** The graph inputs addFeatureGraph declares, in order, with how to read each from a table. */
export function featureInputs(fitted: FittedFeatures): FeatureInput[] {
  return emit(new OnnxGraphBuilder(), fitted).inputs;
}
