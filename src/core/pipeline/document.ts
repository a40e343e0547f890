/**
 * The project document: one versioned JSON record holding everything needed to re-run an experiment
 * (dataset reference, column types, target, split, features, model, training settings, seed, run
 * history). The UI edits it, the worker and the CLI execute it, `project.json` stores it.
 *
 * Version 1 describes the default pipeline as settings. The graph editor (a later version) will
 * migrate these settings into explicit nodes; `migrateProject` is where that happens, so every saved
 * file keeps opening.
 */
import { z } from 'zod';
import { COLUMN_KINDS, type ColumnKind } from '../data/table';

export const PROJECT_FORMAT = 'orrery-project';
export const PROJECT_VERSION = 1;

export type Task = 'binary' | 'multiclass' | 'regression';
export const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
export type Activation = 'relu' | 'tanh' | 'elu' | 'gelu' | 'sigmoid' | 'selu';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu', 'gelu', 'sigmoid', 'selu'];

const columnKind = z.enum(COLUMN_KINDS as [ColumnKind, ...ColumnKind[]]);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const name = z.string().min(1).max(1000);

const datasetSchema = z.object({
  name: name,
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sample'), id: name }),
    z.object({ kind: z.literal('file'), fileName: name, bytes: z.number().int().nonnegative() }),
  ]),
  /** User overrides of inferred column kinds, by column name. */
  columnKinds: z.record(z.string(), columnKind),
});

const splitSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('random'),
    validation: finite.min(0).max(0.5),
    test: finite.min(0.01).max(0.5),
    stratify: z.boolean(),
  }),
  z.object({
    kind: z.literal('column'),
    column: name,
    /** Used to carve validation rows from the train rows when the column has none. */
    validation: finite.min(0).max(0.5),
  }),
  z.object({
    /** Chronological: ordered by `column` (dates or numbers), the earliest rows train, the latest test. */
    kind: z.literal('time'),
    column: name,
    validation: finite.min(0).max(0.5),
    test: finite.min(0.01).max(0.5),
  }),
]);

const featuresSchema = z.object({
  /** Columns the user excluded from the features (besides the target, which is never a feature). */
  excluded: z.array(z.string()),
  numeric: z.object({
    impute: z.enum(['median', 'mean']),
    scale: z.enum(['standard', 'none']),
  }),
  categorical: z.object({
    impute: z.literal('most_frequent'),
    /** Levels seen in fewer than this many training rows are grouped into one "(other)" level. */
    minCount: z.number().int().min(1),
    /** At most this many levels per column are kept; the rest are grouped. */
    maxLevels: z.number().int().min(1).max(1000),
  }),
  /** Drop columns whose kind is identifier (row ids, unique keys). */
  dropIdentifiers: z.boolean(),
});

const modelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('baseline') }),
  z.object({ kind: z.literal('linear'), l2: finite.min(0) }),
  z.object({
    kind: z.literal('mlp'),
    hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(16),
    activation: z.enum(ACTIVATIONS as [Activation, ...Activation[]]),
    dropout: finite.min(0).max(0.95),
    l2: finite.min(0),
  }),
]);

const trainingSchema = z.object({
  optimizer: z.enum(['adam', 'sgd']),
  learningRate: finite.positive().max(10),
  epochs: z.number().int().min(1).max(10_000),
  batchSize: z.number().int().min(1).max(65_536),
  earlyStopping: z.object({ enabled: z.boolean(), patience: z.number().int().min(1).max(1000) }),
  backend: z.enum(BACKEND_CHOICES as [BackendChoice, ...BackendChoice[]]),
});

const runSchema = z.object({
  id: name,
  startedAt: z.string(),
  backend: z.string(),
  model: z.string(),
  durationMs: finite.nonnegative(),
  bestEpoch: z.number().int().nonnegative().nullable(),
  stoppedBy: z.enum(['completed', 'early-stopping', 'user']),
  /** Headline test metrics, by snake_case name. */
  test: z.record(z.string(), finite.nullable()),
  baseline: z.record(z.string(), finite.nullable()),
});

export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: name,
  dataset: datasetSchema,
  target: z.string().nullable(),
  task: z.enum(TASKS as [Task, ...Task[]]).nullable(),
  split: splitSchema,
  features: featuresSchema,
  model: modelSchema,
  training: trainingSchema,
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  runs: z.array(runSchema).max(1000),
});

export type ProjectDocument = z.infer<typeof projectSchema>;
export type DatasetRef = ProjectDocument['dataset'];
export type SplitSpec = ProjectDocument['split'];
export type FeatureSettings = ProjectDocument['features'];
export type ModelSpec = ProjectDocument['model'];
export type TrainingSettings = ProjectDocument['training'];
export type RunRecord = ProjectDocument['runs'][number];

export const DEFAULT_MLP: Extract<ModelSpec, { kind: 'mlp' }> = {
  kind: 'mlp',
  hidden: [64, 64],
  activation: 'relu',
  dropout: 0,
  l2: 0,
};

/** A new project over a dataset with the studio's defaults. */
export function createProject(dataset: DatasetRef, overrides: Partial<ProjectDocument> = {}): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: dataset.name,
    dataset,
    target: null,
    task: null,
    split: { kind: 'random', validation: 0.15, test: 0.15, stratify: true },
    features: {
      excluded: [],
      numeric: { impute: 'median', scale: 'standard' },
      categorical: { impute: 'most_frequent', minCount: 5, maxLevels: 30 },
      dropIdentifiers: true,
    },
    model: DEFAULT_MLP,
    training: {
      optimizer: 'adam',
      learningRate: 0.001,
      epochs: 50,
      batchSize: 64,
      earlyStopping: { enabled: true, patience: 8 },
      backend: 'auto',
    },
    seed: 42,
    runs: [],
    ...overrides,
  };
}

export class ProjectFileError extends Error {
  override readonly name = 'ProjectFileError';
}

/**
 * Migrations from older versions, keyed by the version they upgrade *from*. Each is a pure function
 * of the parsed JSON. Version 1 is the first, so there is none yet.
 */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * Reads an untrusted project file's parsed JSON: checks the format, migrates older versions, validates
 * every field. Throws ProjectFileError with a plain message naming the first bad field.
 */
export function loadProject(json: unknown): ProjectDocument {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ProjectFileError('This is not an Orrery project file: expected a JSON object.');
  }
  let doc = json as Record<string, unknown>;
  if (doc['format'] !== PROJECT_FORMAT) {
    throw new ProjectFileError(`This is not an Orrery project file: "format" should be "${PROJECT_FORMAT}".`);
  }
  const rawVersion = doc['version'];
  if (typeof rawVersion !== 'number' || !Number.isInteger(rawVersion) || rawVersion < 1) {
    throw new ProjectFileError('The project file has no valid "version" number.');
  }
  let version: number = rawVersion;
  if (version > PROJECT_VERSION) {
    throw new ProjectFileError(
      `The project file is version ${version}, newer than this Orrery (version ${PROJECT_VERSION}). Update Orrery to open it.`,
    );
  }
  while (version < PROJECT_VERSION) {
    const migrate = migrations[version];
    if (!migrate) throw new ProjectFileError(`No migration from project version ${version}.`);
    doc = migrate(doc);
    version = doc['version'] as number;
  }
  const parsed = projectSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new ProjectFileError(`The project file is invalid at "${where}": ${issue?.message ?? 'unknown problem'}.`);
  }
  return parsed.data;
}
