/**
 * Command-line parsing for `orrery train`, pure so it is unit-tested. Every mistake becomes a
 * UsageError with a plain message; main.ts prints it and exits non-zero.
 */
import { parseArgs } from 'node:util';
import { TASKS, type Task } from '../core/pipeline/document';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const TRAIN_USAGE = `Usage: npm run cli -- train --data FILE.csv --target COL --out DIR [options]
       npm run cli -- train --project FILE.orrery.json --data FILE.csv --out DIR [options]

Options:
  --project FILE.orrery.json            run a saved project (settings or pipeline graph); options below override it
  --task binary|multiclass|regression   default: inferred from the target column
  --model baseline|linear|mlp           default: mlp
  --hidden 64,64                        MLP hidden layer sizes
  --epochs N  --batch-size N  --learning-rate X  --seed N
  --split-column COL                    a column holding train/validation/test
  --split-time COL                      split by time: the earliest rows train, the latest test (COL: dates or numbers)
  --backend wasm|cpu                    default: wasm
  --json                                print metrics.json to stdout`;

export interface TrainArgs {
  readonly data: string;
  readonly project: string | null;
  /** Required without --project. */
  readonly target: string | null;
  readonly out: string;
  readonly task: Task | null;
  /** null with --project and no --model: the project's own model. */
  readonly model: 'baseline' | 'linear' | 'mlp' | null;
  readonly hidden: readonly number[] | null;
  readonly epochs: number | null;
  readonly batchSize: number | null;
  readonly learningRate: number | null;
  readonly seed: number | null;
  readonly splitColumn: string | null;
  /** A chronological split by this column (settings projects). */
  readonly splitTime: string | null;
  readonly backend: 'wasm' | 'cpu';
  readonly json: boolean;
}

function positiveInt(name: string, v: string | undefined, min = 1): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}".`);
  return n;
}

export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        project: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
        task: { type: 'string' },
        model: { type: 'string' },
        hidden: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        'learning-rate': { type: 'string' },
        seed: { type: 'string' },
        'split-column': { type: 'string' },
        'split-time': { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const required = (k: 'data' | 'target' | 'out'): string => {
    const v = values[k];
    if (!v) throw new UsageError(`--${k} is required.`);
    return v;
  };
  const task = values.task ?? null;
  if (task !== null && !(TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`--task must be one of ${TASKS.join(', ')}, got "${task}".`);
  }
  const model = values.model ?? (values.project ? null : 'mlp');
  if (model !== null && model !== 'baseline' && model !== 'linear' && model !== 'mlp') {
    throw new UsageError(`--model must be baseline, linear or mlp, got "${model}".`);
  }
  const backend = values.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') {
    throw new UsageError(`--backend must be wasm or cpu in Node, got "${backend}".`);
  }
  if (values['split-column'] !== undefined && values['split-time'] !== undefined) {
    throw new UsageError('Give --split-column or --split-time, not both.');
  }
  let hidden: number[] | null = null;
  if (values.hidden !== undefined) {
    hidden = values.hidden.split(',').map((s) => positiveInt('hidden', s.trim())!);
  }
  let learningRate: number | null = null;
  if (values['learning-rate'] !== undefined) {
    learningRate = Number(values['learning-rate']);
    if (!(learningRate > 0 && learningRate <= 10)) {
      throw new UsageError(`--learning-rate must be a number in (0, 10], got "${values['learning-rate']}".`);
    }
  }
  return {
    data: required('data'),
    project: values.project ?? null,
    target: values.project ? (values.target ?? null) : required('target'),
    out: required('out'),
    task: task as Task | null,
    model,
    hidden,
    epochs: positiveInt('epochs', values.epochs),
    batchSize: positiveInt('batch-size', values['batch-size']),
    learningRate,
    seed: positiveInt('seed', values.seed, 0),
    splitColumn: values['split-column'] ?? null,
    splitTime: values['split-time'] ?? null,
    backend,
    json: values.json ?? false,
  };
}
