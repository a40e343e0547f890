/**
 * The training loop for the neural models: seeded shuffling, mini-batch steps, per-epoch validation,
 * early stopping with best-weight restore, cancellation within one batch, and predictions (or, for an
 * autoencoder, anomaly scores: each row's reconstruction error).
 *
 * A hand-written loop over `model.trainOnBatch` rather than `model.fit`, because fit shuffles with
 * Math.random (not reproducible from the project's seed), does not restore best weights, and can only be
 * stopped at its own checkpoints. The loop never picks a backend; it runs on whichever is active.
 *
 * Memory: the training and validation matrices are uploaded once; each step gathers its batch on the
 * device from a per-epoch permutation. Every tensor made here is disposed: tf.memory().numTensors is the
 * same from epoch to epoch (tested), and disposeModel() frees the model and its optimizer.
 */
import { yieldToEventLoop } from '../util/yield';
import * as tf from '@tensorflow/tfjs';
import type { Task, TrainingSettings } from '../pipeline/document';
import {
  buildModel,
  disposeModel,
  hasDropout,
  lossFor,
  metricFor,
  reseedDropout,
  type NeuralModelSpec,
  type TargetScale,
} from '../models/build';
import { createRng, deriveSeed, shuffleInPlace } from '../util/random';

export { disposeModel };

/** Row-major features (n × nFeatures) and targets (n: class index, or value for regression). */
export interface Matrix {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
  /** Values per row (for sequences: window × features). */
  readonly nFeatures: number;
  /** Each row's tensor shape when it is not flat, e.g. [window, features] for sequence models. */
  readonly rowShape?: readonly number[];
}

/** The tensor shape of `n` rows of `m`. */
function rowsShape(n: number, m: { nFeatures: number; rowShape?: readonly number[] }): number[] {
  return [n, ...(m.rowShape ?? [m.nFeatures])];
}

export interface EpochLog {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training loss over the epoch's steps (as minimized: data loss plus the L2 penalty). */
  readonly loss: number;
  /** Validation data loss with the epoch-end weights (no L2 penalty, as in tfjs); null without validation. */
  readonly valLoss: number | null;
  /** Mean over the epoch's steps of the step's metric, computed before each update (as Keras does). */
  readonly metric: number | null;
  readonly valMetric: number | null;
  readonly metricName: 'accuracy' | 'mae';
  /** Training rows per second of step time (excludes validation and callbacks). */
  readonly samplesPerSec: number;
  /** Wall time since training started, at the end of this epoch (validation included). */
  readonly elapsedMs: number;
}

export interface TrainCallbacks {
  /** After each completed epoch; awaited. */
  readonly onEpoch?: (log: EpochLog) => void | Promise<void>;
  /** After each step; awaited. `batch` is 1-based within the epoch. Throttle on the receiving side. */
  readonly onBatch?: (batch: number, batches: number, loss: number) => void | Promise<void>;
  /** Polled after every step and every epoch: true ends training within one batch. */
  readonly shouldStop?: () => boolean;
}

export interface TrainResult {
  /** Compiled, trained model; the caller owns it and frees it with disposeModel(). */
  readonly model: tf.LayersModel;
  /** Completed epochs only (a user stop mid-epoch logs no partial epoch). */
  readonly history: EpochLog[];
  /**
   * The epoch (1-based) with the lowest validation loss, whose weights the returned model holds; null
   * without validation (the model then holds the last step's weights).
   */
  readonly bestEpoch: number | null;
  readonly stoppedBy: 'completed' | 'early-stopping' | 'user';
  /** Steady training speed: rows per second of step time over all epochs but the first (which includes
   * warm-up such as shader compilation), or over the first when it is the only one. */
  readonly samplesPerSec: number;
}

/** Builds the (uncompiled) network for `nFeatures` inputs; regression models end in the frozen target_scale layer. */
export type ModelBuilder = (nFeatures: number, task: Task, nClasses: number, seed: number, targetScale: TargetScale | undefined) => tf.LayersModel;

/**
 * The network to train: a settings-driven one (linear, MLP), or a custom builder (e.g. the pipeline
 * graph's layer nodes).
 */
export type NetworkChoice = { readonly spec: NeuralModelSpec; readonly build?: undefined } | { readonly spec?: undefined; readonly build: ModelBuilder };

/**
 * What the network learns: 'predict' the target (the default), or 'reconstruct' its own input (an
 * autoencoder for anomaly detection: targets are the rows' features, or a window's last step, and the
 * loss is the mean squared error; the matrices' `y` is not read).
 */
export type TrainObjective = 'predict' | 'reconstruct';

export type TrainArgs = NetworkChoice & {
  readonly objective?: TrainObjective;
  readonly training: TrainingSettings;
  readonly task: Task;
  /** 2 for binary, k for multiclass, ignored for regression. */
  readonly nClasses: number;
  readonly seed: number;
  readonly train: Matrix;
  readonly validation: Matrix | null;
};

/** Training produced a non-finite loss (usually a learning rate too high for the data). */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
}

/** Rows per predict/evaluate call: bounds device memory whatever the matrix size. */
export const PREDICT_BATCH = 4096;
/** How often (ms) the loop yields to the event loop so a worker can receive a Stop message. */
const YIELD_EVERY_MS = 25;

function checkMatrix(m: Matrix, what: string, task: Task, nClasses: number, nFeatures: number, objective: TrainObjective): void {
  if (!Number.isInteger(m.n) || m.n < 1) throw new Error(`The ${what} set has no rows.`);
  if (m.nFeatures !== nFeatures || m.x.length !== m.n * m.nFeatures) {
    throw new Error(`The ${what} matrix should be ${m.n} × ${nFeatures} (got ${m.x.length} values, nFeatures ${m.nFeatures}).`);
  }
  if (objective === 'reconstruct') {
    // The target is x itself: it must be finite, or the loss is NaN from the first step.
    if (!m.x.every(Number.isFinite)) throw new Error(`The ${what} matrix has missing or non-finite values: an autoencoder cannot rebuild them.`);
    return;
  }
  if (m.y.length !== m.n) throw new Error(`The ${what} set has ${m.n} rows but ${m.y.length} targets.`);
  let bad = 0;
  for (const v of m.y) {
    if (task === 'regression' ? !Number.isFinite(v) : !(Number.isInteger(v) && v >= 0 && v < nClasses)) bad++;
  }
  if (bad > 0) {
    const expected = task === 'regression' ? 'a finite number' : `a class index in 0..${nClasses - 1}`;
    throw new Error(`${bad} ${what} row(s) have a target that is not ${expected} (missing or unseen class).`);
  }
}

function meanStd(y: Float32Array): TargetScale {
  let sum = 0;
  for (const v of y) sum += v;
  const mean = sum / y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / y.length);
  return { mean, std: std > 0 ? std : 1 };
}

function makeOptimizer(training: TrainingSettings, lrScale: number): tf.Optimizer {
  if (training.optimizer === 'adam') {
    // Epsilon explicit: the default follows the backend's (1e-4 on webgl), which changes training (MACHINE.md).
    return tf.train.adam(training.learningRate, 0.9, 0.999, 1e-7);
  }
  return tf.train.sgd(training.learningRate * lrScale);
}

async function readScalars(ts: tf.Scalar | tf.Scalar[]): Promise<number[]> {
  const list = Array.isArray(ts) ? ts : [ts];
  try {
    const out: number[] = [];
    for (const t of list) out.push((await t.data())[0]!);
    return out;
  } finally {
    tf.dispose(list);
  }
}

/** Validation loss and metric of the current weights (mean over rows, batched by PREDICT_BATCH). */
async function evaluateOn(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor2D): Promise<[number, number]> {
  const [loss, metric] = await readScalars(model.evaluate(x, y, { batchSize: PREDICT_BATCH }) as tf.Scalar[]);
  return [loss!, metric!];
}

/**
 * Builds, compiles and trains a model on `train`, validating on `validation` after every epoch.
 *
 * - Shuffling: a new permutation per epoch from createRng(deriveSeed(seed, 'shuffle')); the last batch
 *   may be smaller. Same seed, same backend → the same history (tested on cpu).
 * - Regression: the model learns a standardized target through its frozen `target_scale` layer (see
 *   models/build.ts); losses and metrics are reported in the target's units (MSE, MAE). SGD's learning
 *   rate is divided by the target's variance to match (Adam is invariant to that scale).
 * - Validation: when given, the returned model holds the weights of the epoch with the lowest validation
 *   loss (bestEpoch), whether training completed, stopped early (patience epochs without improvement,
 *   when enabled) or was stopped by the user. tfjs has no restoreBestWeights: we keep clones.
 * - Stop: shouldStop() is polled after every step; the loop yields to the event loop every ~25 ms.
 * - objective 'reconstruct' (custom builders only): the model learns to rebuild each row's features
 *   (a window's last step) with the mean squared error; `y` is ignored, the metric is MAE. Score rows
 *   with anomalyScores.
 * Throws TrainingDivergedError (after freeing the model) when an epoch's loss is not finite, and Error
 * for malformed matrices (wrong sizes, a target outside the classes, a non-finite regression target).
 */
export async function trainModel(args: TrainArgs, cb: TrainCallbacks = {}): Promise<TrainResult> {
  const { training, task, train, validation } = args;
  const objective = args.objective ?? 'predict';
  const reconstruct = objective === 'reconstruct';
  const nClasses = task === 'binary' ? 2 : task === 'multiclass' ? args.nClasses : 1;
  if (task === 'binary' && args.nClasses !== 2) throw new Error(`A binary task needs 2 classes (got ${args.nClasses}).`);
  if (reconstruct && !args.build) throw new Error('Only a custom network (the pipeline graph) can reconstruct its input.');
  checkMatrix(train, 'training', task, nClasses, train.nFeatures, objective);
  if (validation) checkMatrix(validation, 'validation', task, nClasses, train.nFeatures, objective);

  const targetScale = task === 'regression' && !reconstruct ? meanStd(train.y) : undefined;
  const model = args.build
    ? args.build(train.nFeatures, task, nClasses, args.seed, targetScale)
    : buildModel(args.spec, train.nFeatures, task, nClasses, args.seed, targetScale ? { targetScale } : {});
  const metricName = reconstruct ? 'mae' : metricFor(task);
  if (reconstruct && model.outputs[0]?.shape.at(-1) !== stepFeatures(train)) {
    disposeModel(model);
    throw new Error(`An autoencoder must output as many values as a row has features (${stepFeatures(train)}), got ${model.outputs[0]?.shape.at(-1)}.`);
  }
  model.compile({
    optimizer: makeOptimizer(training, targetScale ? 1 / targetScale.std ** 2 : 1),
    loss: reconstruct ? 'meanSquaredError' : lossFor(task),
    metrics: [metricName],
  });

  const xTrain = tf.tensor(train.x, rowsShape(train.n, train));
  const yTrain = reconstruct ? reconstructionTarget(xTrain) : tf.tensor2d(train.y, [train.n, 1]);
  const xVal = validation ? tf.tensor(validation.x, rowsShape(validation.n, validation)) : null;
  const yVal = validation && xVal ? (reconstruct ? reconstructionTarget(xVal) : tf.tensor2d(validation.y, [validation.n, 1])) : null;
  let best: tf.Tensor[] | null = null;
  try {
    const t0 = tf.util.now();
    const history: EpochLog[] = [];
    const order = Int32Array.from({ length: train.n }, (_, i) => i);
    const shuffleRng = createRng(deriveSeed(args.seed, 'shuffle'));
    const dropoutRng = hasDropout(model) ? createRng(deriveSeed(args.seed, 'dropout')) : null;
    const batchSize = Math.max(1, Math.min(training.batchSize, train.n));
    const batches = Math.ceil(train.n / batchSize);
    const patience = training.earlyStopping.enabled && validation ? training.earlyStopping.patience : Infinity;
    let bestLoss = Infinity;
    let bestEpoch: number | null = null;
    let sinceBest = 0;
    let stoppedBy: TrainResult['stoppedBy'] = 'completed';
    let lastYield = tf.util.now();
    let steadySamples = 0;
    let steadyMs = 0;

    for (let epoch = 1; epoch <= training.epochs && stoppedBy === 'completed'; epoch++) {
      shuffleInPlace(order, shuffleRng);
      const perm = tf.tensor1d(order, 'int32');
      let lossSum = 0;
      let metricSum = 0;
      let stepMs = 0;
      try {
        for (let b = 0; b < batches; b++) {
          const start = b * batchSize;
          const size = Math.min(batchSize, train.n - start);
          const tStep = tf.util.now();
          const [xb, yb] = tf.tidy(() => {
            const idx = perm.slice(start, size);
            return [tf.gather(xTrain, idx), tf.gather(yTrain, idx)];
          });
          if (dropoutRng) reseedDropout(model, Math.floor(dropoutRng() * 2 ** 31));
          let out: number | number[];
          try {
            out = await model.trainOnBatch(xb, yb);
          } finally {
            xb.dispose();
            yb.dispose();
          }
          stepMs += tf.util.now() - tStep;
          const [loss, metric] = out as number[];
          lossSum += loss! * size;
          metricSum += metric! * size;
          if (cb.onBatch) await cb.onBatch(b + 1, batches, loss!);
          if (cb.shouldStop?.()) {
            stoppedBy = 'user';
            break;
          }
          if (tf.util.now() - lastYield > YIELD_EVERY_MS) {
            await yieldToEventLoop();
            lastYield = tf.util.now();
            if (cb.shouldStop?.()) {
              stoppedBy = 'user';
              break;
            }
          }
        }
      } finally {
        perm.dispose();
      }
      if (stoppedBy === 'user') break;

      const loss = lossSum / train.n;
      if (!Number.isFinite(loss)) {
        throw new TrainingDivergedError(
          `Training diverged at epoch ${epoch}: the loss became ${loss}. Try a lower learning rate or stronger L2.`,
        );
      }
      if (epoch > 1 || training.epochs === 1) {
        steadySamples += train.n;
        steadyMs += stepMs;
      }
      let valLoss: number | null = null;
      let valMetric: number | null = null;
      if (xVal && yVal) {
        [valLoss, valMetric] = await evaluateOn(model, xVal, yVal);
        if (valLoss < bestLoss) {
          bestLoss = valLoss;
          bestEpoch = epoch;
          sinceBest = 0;
          if (best) tf.dispose(best);
          best = model.getWeights().map((w) => w.clone());
        } else if (++sinceBest >= patience) {
          stoppedBy = 'early-stopping';
        }
      }
      const log: EpochLog = {
        epoch,
        loss,
        valLoss,
        metric: metricSum / train.n,
        valMetric,
        metricName,
        samplesPerSec: stepMs > 0 ? (train.n / stepMs) * 1000 : 0,
        elapsedMs: tf.util.now() - t0,
      };
      history.push(log);
      if (cb.onEpoch) await cb.onEpoch(log);
      if (stoppedBy === 'completed' && cb.shouldStop?.()) stoppedBy = 'user';
    }

    if (best) model.setWeights(best);
    return {
      model,
      history,
      bestEpoch,
      stoppedBy,
      samplesPerSec: steadyMs > 0 ? (steadySamples / steadyMs) * 1000 : 0,
    };
  } catch (e) {
    disposeModel(model);
    throw e;
  } finally {
    if (best) tf.dispose(best);
    tf.dispose([xTrain, yTrain, ...(xVal && yVal ? [xVal, yVal] : [])]);
  }
}

/** Features per time step: the last axis of a row (all of it for a flat row). */
function stepFeatures(m: { nFeatures: number; rowShape?: readonly number[] }): number {
  return m.rowShape ? m.rowShape[m.rowShape.length - 1]! : m.nFeatures;
}

/**
 * What an autoencoder rebuilds from rows `x` ([n, f] or [n, window, f]): a flat row itself, or a
 * window's last step (the row being scored; the steps before it are its context). A new [n, f] tensor.
 */
function reconstructionTarget(x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    if (x.rank === 2) return (x as tf.Tensor2D).clone();
    const [n, window, f] = x.shape as [number, number, number];
    return x.slice([0, window - 1, 0], [n, 1, f]).reshape([n, f]) as tf.Tensor2D;
  });
}

/**
 * Anomaly scores of `n` rows (row-major, nFeatures values each; `rowShape` [window, features] for
 * sequence rows) under an autoencoder `model` (trained with objective 'reconstruct'): each row's mean
 * squared reconstruction error over its features (a window's last step), in the features' units
 * squared. Higher = less like the rows it learned. Computed PREDICT_BATCH rows at a time inside
 * tf.tidy; synchronous (dataSync); frees every tensor. Throws when the model's output width is not
 * the row's feature count.
 */
export function anomalyScores(model: tf.LayersModel, x: Float32Array, n: number, nFeatures: number, rowShape?: readonly number[]): Float32Array {
  if (x.length !== n * nFeatures) throw new Error(`anomalyScores: expected ${n} × ${nFeatures} values, got ${x.length}.`);
  const shape = { nFeatures, ...(rowShape ? { rowShape } : {}) };
  const width = stepFeatures(shape);
  const units = model.outputs[0]?.shape.at(-1);
  if (units !== width) throw new Error(`anomalyScores: the model has ${units} outputs, but a row has ${width} features to rebuild.`);
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += PREDICT_BATCH) {
    const m = Math.min(PREDICT_BATCH, n - start);
    const scores = tf.tidy(() => {
      const input = tf.tensor(x.subarray(start * nFeatures, (start + m) * nFeatures), rowsShape(m, shape));
      const rebuilt = model.predict(input, { batchSize: m }) as tf.Tensor;
      return tf.mean(tf.squaredDifference(rebuilt, reconstructionTarget(input)), 1).dataSync();
    });
    out.set(scores, start);
  }
  return out;
}

/**
 * Predictions of `model` for a row-major n × nFeatures matrix, computed PREDICT_BATCH rows at a time:
 * classification → row-major n × k probabilities (binary: k = 2, [1 - p, p] with p the second class's);
 * regression → n values in the target's units. Synchronous (reads back with dataSync); frees every tensor.
 */
export function predict(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  nFeatures: number,
  task: Task,
  nClasses: number,
  rowShape?: readonly number[],
): Float32Array {
  if (x.length !== n * nFeatures) throw new Error(`predict: expected ${n} × ${nFeatures} values, got ${x.length}.`);
  const k = task === 'regression' ? 1 : task === 'binary' ? 2 : nClasses;
  const units = model.outputs[0]?.shape.at(-1);
  if (units !== (task === 'multiclass' ? nClasses : 1)) {
    throw new Error(
      `The model has ${units} outputs, which does not fit a ${task} task with ${nClasses} classes.` +
        (task === 'binary' && units !== undefined && units !== null && units > 1
          ? ' It looks like an autoencoder (the reconstruct head), which scores rows for anomalies instead: predicting with it, explaining it and exporting it are not supported yet.'
          : ''),
    );
  }
  const out = new Float32Array(n * k);
  for (let start = 0; start < n; start += PREDICT_BATCH) {
    const m = Math.min(PREDICT_BATCH, n - start);
    const raw = tf.tidy(() => {
      const input = tf.tensor(x.subarray(start * nFeatures, (start + m) * nFeatures), rowShape ? [m, ...rowShape] : [m, nFeatures]);
      // One batch per chunk: tfjs' default batch of 32 made this 11-13x slower (bench, wasm).
      return (model.predict(input, { batchSize: m }) as tf.Tensor).dataSync();
    });
    if (task === 'binary') {
      for (let i = 0; i < m; i++) {
        const p = raw[i]!;
        out[(start + i) * 2] = 1 - p;
        out[(start + i) * 2 + 1] = p;
      }
    } else out.set(raw, start * k);
  }
  return out;
}
