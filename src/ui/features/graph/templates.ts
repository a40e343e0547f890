/**
 * Starting pipelines. Each template is a pure function from options to a PipelineGraph, built with
 * core's commands from the registries' defaults (so a template is valid by the same rules as a graph
 * edited by hand, and a change of defaults reaches the templates) and laid out with autoLayout.
 */
import { applyCommand, type GraphCommand } from '../../../core/pipeline/graph/commands';
import { type KindLookup } from '../../../core/pipeline/graph/pipelineNodes';
import {
  asEdgeId,
  asNodeId,
  EMPTY_GRAPH,
  IN_PORT,
  OUT_PORT,
  type JsonValue,
  type NodeParams,
  type PipelineGraph,
} from '../../../core/pipeline/graph/schema';

export type TemplateId = 'logistic' | 'mlp-classifier' | 'mlp-regressor' | 'autoencoder' | 'lstm-forecaster';

export interface TemplateInfo {
  readonly id: TemplateId;
  /** The option's text in the Template select. */
  readonly label: string;
  /** One line for learners: what the template is for. */
  readonly help: string;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    id: 'logistic',
    label: 'Logistic regression',
    help: 'Features straight into the output head: a linear model, the baseline every other model should beat.',
  },
  { id: 'mlp-classifier', label: 'MLP classifier', help: 'Two hidden Dense layers with dropout, for predicting a class.' },
  { id: 'mlp-regressor', label: 'MLP regressor', help: 'Two hidden Dense layers, for predicting a number.' },
  {
    id: 'autoencoder',
    label: 'Autoencoder (anomaly detection)',
    help: 'Learns to rebuild the normal rows through a narrow middle layer; rows it rebuilds badly are flagged as anomalies. The target says which rows are anomalies (binary).',
  },
  {
    id: 'lstm-forecaster',
    label: 'LSTM forecaster',
    help: 'Lag and rolling-window features of a time-ordered table, read by an LSTM; trained on the past, tested on the latest rows.',
  },
];

export interface TemplateOptions {
  /** The column that orders rows in time (LSTM forecaster's lag and rolling nodes); '' leaves it to choose. */
  readonly timeColumn?: string;
}

type Step = {
  readonly id: string;
  readonly kind: string;
  readonly params?: Readonly<Record<string, JsonValue>>;
  /** The params are the node's whole params (another variant of the split), not changes to the defaults. */
  readonly exact?: boolean;
};

/** The feature chain every template starts with: the defaults of the spine's preprocessing. */
const FEATURES: readonly Step[] = [
  { id: 'source', kind: 'source' },
  { id: 'drop', kind: 'drop' },
  { id: 'impute', kind: 'impute' },
  { id: 'scale', kind: 'scale' },
  { id: 'onehot', kind: 'onehot' },
];

const dense = (n: number, units: number): Step => ({ id: `dense_${n}`, kind: 'dense', params: { units } });

function steps(id: TemplateId, options: TemplateOptions): Step[] {
  const head: Step[] = [{ id: 'output', kind: 'output' }, { id: 'evaluate', kind: 'evaluate' }];
  const input: Step = { id: 'input', kind: 'input' };
  switch (id) {
    case 'logistic':
      return [...FEATURES, { id: 'split', kind: 'split' }, input, ...head];
    case 'mlp-classifier':
      return [...FEATURES, { id: 'split', kind: 'split' }, input, dense(1, 64), { id: 'dropout_1', kind: 'dropout' }, dense(2, 32), ...head];
    case 'mlp-regressor':
      // Stratifying needs classes; a regression target has none.
      return [...FEATURES, { id: 'split', kind: 'split', params: { stratify: false } }, input, dense(1, 64), dense(2, 32), ...head];
    case 'autoencoder':
      // Learns to rebuild the normal rows through a 4-wide bottleneck; the rows it rebuilds badly are
      // flagged. The target says which rows are anomalies (a binary task): see specs/output.ts.
      return [
        ...FEATURES,
        { id: 'split', kind: 'split' },
        input,
        dense(1, 16),
        { id: 'bottleneck', kind: 'dense', params: { units: 4 } },
        dense(2, 16),
        { id: 'output', kind: 'output', params: { head: 'reconstruct' } },
        { id: 'evaluate', kind: 'evaluate' },
      ];
    case 'lstm-forecaster': {
      const timeColumn = options.timeColumn ?? '';
      // With a time column: a chronological split (train on the past, test on the latest rows). Without
      // one, a random split until the user picks the column in the inspector.
      const split: Step =
        timeColumn !== ''
          ? { id: 'split', kind: 'split', params: { kind: 'time', column: timeColumn, validation: 0.15, test: 0.15 }, exact: true }
          : { id: 'split', kind: 'split', params: { stratify: false } };
      return [
        { id: 'source', kind: 'source' },
        { id: 'lag', kind: 'lag', params: { timeColumn, lags: [1, 2, 3] } },
        { id: 'rolling', kind: 'rolling', params: { timeColumn } },
        // The time itself is no feature: its test values lie beyond all the training ones (the window
        // and the split still read it from the data).
        ...(timeColumn !== '' ? [{ id: 'drop_time', kind: 'drop', params: { columns: [timeColumn] } }] : []),
        { id: 'impute', kind: 'impute' },
        { id: 'scale', kind: 'scale' },
        // Text columns (e.g. the weather's kind) need an encoding before the model.
        { id: 'onehot', kind: 'onehot' },
        split,
        // Each row is read with the 7 rows before it in time ('' = file order).
        { id: 'input', kind: 'input', params: { window: 8, timeColumn } },
        { id: 'lstm_1', kind: 'lstm', params: { units: 32 } },
        dense(1, 16),
        ...head,
      ];
    }
  }
}

/**
 * The template's graph: its nodes in a chain (out → in), each with its kind's defaults overridden by
 * the template's few choices, laid out left to right from (0, 0). Throws if `kinds` lacks a kind the
 * template needs or refuses a connection (a bug, caught by the tests with the real registries).
 */
export function buildTemplate(id: TemplateId, kinds: KindLookup, options: TemplateOptions = {}): PipelineGraph {
  const chain = steps(id, options);
  const cmds: GraphCommand[] = [];
  chain.forEach((step, i) => {
    const def = kinds(step.kind);
    if (!def) throw new Error(`Template "${id}" needs the node kind "${step.kind}".`);
    const params = step.exact ? { ...step.params } : { ...(def.defaults as NodeParams), ...step.params };
    cmds.push({ type: 'addNode', kind: step.kind, id: asNodeId(step.id), params, position: { x: 0, y: 0 } });
    const prev = chain[i - 1];
    if (prev) {
      cmds.push({
        type: 'connect',
        id: asEdgeId(`${prev.id}-${step.id}`),
        source: asNodeId(prev.id),
        sourcePort: OUT_PORT,
        target: asNodeId(step.id),
        targetPort: IN_PORT,
      });
    }
  });
  cmds.push({ type: 'autoLayout' });
  let graph = EMPTY_GRAPH;
  const ctx = { kinds, newId: (hint: string) => hint };
  for (const cmd of cmds) {
    const result = applyCommand(graph, cmd, ctx);
    if ('error' in result) throw new Error(`Template "${id}": ${result.error}`);
    graph = result.graph;
  }
  return graph;
}
