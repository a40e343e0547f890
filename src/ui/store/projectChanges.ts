/**
 * Every edit the UI makes to the project document, as a typed change applied by one pure function
 * (the xyflow `applyNodeChanges` habit): components describe what the user did, this file decides
 * what it means for the document. Unit-tested without React.
 */
import {
  createProject,
  DEFAULT_MLP,
  type DatasetRef,
  type ModelSpec,
  type ProjectDocument,
  type RunRecord,
  type SplitSpec,
  type Task,
  type TrainingSettings,
} from '../../core/pipeline/document';
import type { ColumnKind } from '../../core/data/table';

/** The schema keeps at most this many runs; the oldest are dropped first. */
export const MAX_RUNS = 1000;

export type ProjectChange =
  | { readonly type: 'setTarget'; readonly target: string | null }
  | { readonly type: 'setTask'; readonly task: Task | null }
  /** `kind: null` removes the override (back to the inferred kind). */
  | { readonly type: 'setColumnKind'; readonly column: string; readonly kind: ColumnKind | null }
  | { readonly type: 'setModelKind'; readonly kind: ModelSpec['kind'] }
  | { readonly type: 'setModel'; readonly model: ModelSpec }
  | { readonly type: 'setTraining'; readonly patch: Partial<TrainingSettings> }
  | { readonly type: 'setEarlyStopping'; readonly patch: Partial<TrainingSettings['earlyStopping']> }
  | { readonly type: 'setSplit'; readonly split: SplitSpec }
  | { readonly type: 'setSeed'; readonly seed: number }
  | { readonly type: 'addRun'; readonly run: RunRecord };

export function applyProjectChange(doc: ProjectDocument, change: ProjectChange): ProjectDocument {
  switch (change.type) {
    case 'setTarget':
      return doc.target === change.target ? doc : { ...doc, target: change.target };
    case 'setTask':
      return doc.task === change.task ? doc : { ...doc, task: change.task };
    case 'setColumnKind': {
      const columnKinds = { ...doc.dataset.columnKinds };
      if (change.kind === null) delete columnKinds[change.column];
      else columnKinds[change.column] = change.kind;
      return { ...doc, dataset: { ...doc.dataset, columnKinds } };
    }
    case 'setModelKind':
      return doc.model.kind === change.kind ? doc : { ...doc, model: switchModelKind(doc.model, change.kind) };
    case 'setModel':
      return { ...doc, model: change.model };
    case 'setTraining':
      return { ...doc, training: { ...doc.training, ...change.patch } };
    case 'setEarlyStopping':
      return { ...doc, training: { ...doc.training, earlyStopping: { ...doc.training.earlyStopping, ...change.patch } } };
    case 'setSplit':
      return { ...doc, split: change.split };
    case 'setSeed':
      return { ...doc, seed: change.seed };
    case 'addRun':
      return { ...doc, runs: [...doc.runs, change.run].slice(-MAX_RUNS) };
  }
}

/** Changing the model kind keeps the L2 strength the user already chose. */
function switchModelKind(model: ModelSpec, kind: ModelSpec['kind']): ModelSpec {
  const l2 = model.kind === 'baseline' ? 0 : model.l2;
  if (kind === 'baseline') return { kind: 'baseline' };
  if (kind === 'linear') return { kind: 'linear', l2 };
  return { ...DEFAULT_MLP, l2 };
}

/** The source of a dataset as the project records it: equal sources are "the same data". */
export function sameSource(a: DatasetRef['source'], b: DatasetRef['source']): boolean {
  if (a.kind === 'sample' && b.kind === 'sample') return a.id === b.id;
  if (a.kind === 'file' && b.kind === 'file') return a.fileName === b.fileName;
  return false;
}

export interface SampleDefaults {
  readonly target: string;
  readonly task: Task;
}

/**
 * The project to use after a dataset imports successfully.
 *
 * - The same source as the current project (e.g. the user opened a project file, then loaded its data):
 *   the project is kept, with column overrides for columns that no longer exist dropped.
 * - Another dataset: a new project, keeping the model, training settings and seed the user chose, and
 *   taking the target and task from the sample's defaults when they name an existing column.
 */
export function projectForDataset(
  current: ProjectDocument,
  ref: Omit<DatasetRef, 'columnKinds'>,
  projectName: string,
  columns: readonly string[],
  sample: SampleDefaults | null,
): ProjectDocument {
  const has = new Set(columns);
  if (sameSource(current.dataset.source, ref.source) && (current.target === null || has.has(current.target))) {
    const columnKinds = Object.fromEntries(Object.entries(current.dataset.columnKinds).filter(([c]) => has.has(c)));
    const split: SplitSpec =
      current.split.kind !== 'random' && !has.has(current.split.column) ? randomSplitLike(current.split) : current.split;
    return { ...current, dataset: { ...ref, columnKinds }, split };
  }
  const target = sample && has.has(sample.target) ? sample.target : null;
  const split: SplitSpec =
    current.split.kind === 'random' ? current.split : randomSplitLike(current.split);
  return createProject(
    { ...ref, columnKinds: {} },
    {
      name: projectName,
      target,
      task: target && sample ? sample.task : null,
      split,
      model: current.model,
      training: current.training,
      seed: current.seed,
    },
  );
}

function randomSplitLike(split: SplitSpec): SplitSpec {
  return { kind: 'random', validation: split.validation, test: split.kind === 'time' ? split.test : 0.15, stratify: true };
}
