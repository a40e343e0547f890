/**
 * Test-only: the training suite, run once per backend (train.test.ts on cpu, train.wasm.test.ts on
 * wasm). Seeded synthetic problems with known answers; tolerances are explicit.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Task, TrainingSettings } from '../pipeline/document';
import type { NeuralModelSpec } from '../models/build';
import { createRng, shuffleInPlace, type Rng } from '../util/random';
import { buildLayerGraph } from '../models/layers/buildLayerGraph';
import type { LayerGraph } from '../models/layers/inferLayerShapes';
import { rocAuc } from '../evaluate/metrics';
import { anomalyScores, disposeModel, predict, trainModel, TrainingDivergedError, type EpochLog, type Matrix, type ModelBuilder, type TrainArgs } from './train';

function gaussian(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** k Gaussian blobs in d dimensions, centres `spread` apart on the axes, class = blob. */
export function blobs(n: number, k: number, d: number, seed: number, spread = 4): Matrix {
  const rng = createRng(seed);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = gaussian(rng) + (j === c % d ? spread * (c < d ? 1 : -1) : 0);
  }
  return { x, y, n, nFeatures: d };
}

/** XOR of the signs of two uniform features (needs a hidden layer). */
export function xor(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng() * 2 - 1;
    const b = rng() * 2 - 1;
    x[i * 2] = a;
    x[i * 2 + 1] = b;
    y[i] = a * b > 0 ? 1 : 0;
  }
  return { x, y, n, nFeatures: 2 };
}

/** y = 50 000 + 10 000·(x1 − 2·x2 + 0.5·x3) + noise (sd 1 000): a target far from standardized. */
export function linearRegression(n: number, seed: number, d = 3): Matrix {
  const rng = createRng(seed);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const w = [1, -2, 0.5];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = gaussian(rng);
      x[i * d + j] = v;
      s += (w[j] ?? 0) * v;
    }
    y[i] = 50_000 + 10_000 * s + 1_000 * gaussian(rng);
  }
  return { x, y, n, nFeatures: d };
}

/**
 * Rows near a plane in 6 dimensions (2 latent factors, noise sd 0.1), labelled 0; with `anomalies`,
 * that share of rows, labelled 1, has its values shuffled among its features, which moves it off the
 * plane but keeps its size: a row's distance from the mean says nothing, its distance from the plane
 * everything.
 */
export function nearPlane(n: number, seed: number, anomalies = 0): Matrix {
  const rng = createRng(seed);
  const d = 6;
  const basis = [
    [1, 0.5, -0.5, 0.8, 0, 0.3],
    [0, 0.7, 0.6, -0.4, 1, -0.5],
  ];
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const order = Int32Array.from({ length: d }, (_, j) => j);
  for (let i = 0; i < n; i++) {
    const z = [gaussian(rng), gaussian(rng)];
    const anomalous = rng() < anomalies;
    y[i] = anomalous ? 1 : 0;
    if (anomalous) shuffleInPlace(order, rng);
    for (let j = 0; j < d; j++) {
      const k = anomalous ? order[j]! : j;
      x[i * d + j] = z[0]! * basis[0]![k]! + z[1]! * basis[1]![k]! + 0.1 * gaussian(rng);
    }
  }
  return { x, y, n, nFeatures: d };
}

/** An autoencoder of the pipeline graph's kinds: 6 → 8 → 2 → 8 → reconstruct. */
const AUTOENCODER: LayerGraph = {
  nodes: [
    { id: 'in', kind: 'input', params: {} },
    { id: 'enc', kind: 'dense', params: { units: 8, activation: 'tanh' } },
    { id: 'code', kind: 'dense', params: { units: 2, activation: 'none' } },
    { id: 'dec', kind: 'dense', params: { units: 8, activation: 'tanh' } },
    { id: 'out', kind: 'output', params: { head: 'reconstruct' } },
  ],
  edges: [
    { source: 'in', target: 'enc' },
    { source: 'enc', target: 'code' },
    { source: 'code', target: 'dec' },
    { source: 'dec', target: 'out' },
  ],
};
const graphBuilder =
  (graph: LayerGraph): ModelBuilder =>
  (nFeatures, task, nClasses, seed) =>
    buildLayerGraph(graph, [nFeatures], task, nClasses, seed).model;

export const training = (over: Partial<TrainingSettings> = {}): TrainingSettings => ({
  optimizer: 'adam',
  learningRate: 0.01,
  epochs: 20,
  batchSize: 32,
  earlyStopping: { enabled: false, patience: 5 },
  backend: 'auto',
  ...over,
});

const mlp = (hidden: number[], over: Partial<Extract<ModelSpec, { kind: 'mlp' }>> = {}): NeuralModelSpec => ({
  kind: 'mlp',
  hidden,
  activation: 'relu',
  dropout: 0,
  l2: 0,
  ...over,
});

type ArgsOverride = Partial<Pick<TrainArgs, 'training' | 'task' | 'nClasses' | 'seed'>> & { spec?: NeuralModelSpec };

function args(task: Task, train: Matrix, validation: Matrix | null, over: ArgsOverride = {}): TrainArgs {
  const { spec = mlp([16]), ...rest } = over;
  return { spec, training: training(), task, nClasses: task === 'multiclass' ? 3 : 2, seed: 1, train, validation, ...rest };
}

function accuracy(probs: Float32Array, y: Float32Array, k: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j]! > probs[i * k + best]!) best = j;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

const withoutTimings = (h: EpochLog[]) => h.map(({ samplesPerSec: _s, elapsedMs: _e, ...rest }) => rest);

async function valLossOf(model: tf.LayersModel, m: Matrix): Promise<number> {
  const x = tf.tensor2d(m.x, [m.n, m.nFeatures]);
  const y = tf.tensor2d(m.y, [m.n, 1]);
  const out = model.evaluate(x, y, { batchSize: 4096 }) as tf.Scalar[];
  const loss = (await out[0]!.data())[0]!;
  tf.dispose([x, y, ...out]);
  return loss;
}

/** The suite; the caller has already set the backend. */
export function trainSuite(backend: string): void {
  describe(`trainModel on ${backend}`, () => {
    it('separates two Gaussian blobs (binary, linear)', async () => {
      const r = await trainModel(args('binary', blobs(400, 2, 4, 1), blobs(200, 2, 4, 2), { spec: { kind: 'linear', l2: 0 } }));
      const last = r.history.at(-1)!;
      expect(r.stoppedBy).toBe('completed');
      expect(r.history).toHaveLength(20);
      expect(last.loss).toBeLessThan(0.15);
      expect(last.valMetric).toBeGreaterThanOrEqual(0.97);
      expect(last.metricName).toBe('accuracy');
      const test = blobs(300, 2, 4, 3);
      const p = predict(r.model, test.x, test.n, test.nFeatures, 'binary', 2);
      expect(p).toHaveLength(600);
      for (let i = 0; i < test.n; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 6);
      expect(accuracy(p, test.y, 2)).toBeGreaterThan(0.98);
      disposeModel(r.model);
    });

    it('learns XOR with an MLP', async () => {
      const r = await trainModel(args('binary', xor(800, 1), xor(400, 2), { spec: mlp([16, 16]), training: training({ epochs: 60 }) }));
      expect(r.history[r.bestEpoch! - 1]!.valMetric).toBeGreaterThan(0.93);
      disposeModel(r.model);
    });

    it('separates three blobs (multiclass, MLP with dropout and L2)', async () => {
      const r = await trainModel(
        args('multiclass', blobs(600, 3, 5, 1), blobs(300, 3, 5, 2), { spec: mlp([32], { dropout: 0.2, l2: 1e-4 }) }),
      );
      const test = blobs(300, 3, 5, 3);
      const p = predict(r.model, test.x, test.n, test.nFeatures, 'multiclass', 3);
      expect(p).toHaveLength(900);
      expect(accuracy(p, test.y, 3)).toBeGreaterThan(0.97);
      disposeModel(r.model);
    });

    it('fits a linear regression whose target is far from standardized (adam and sgd)', async () => {
      for (const optimizer of ['adam', 'sgd'] as const) {
        const r = await trainModel(
          args('regression', linearRegression(1000, 1), linearRegression(300, 2), {
            spec: { kind: 'linear', l2: 0 },
            training: training({ optimizer, learningRate: optimizer === 'adam' ? 0.05 : 0.05, epochs: 30 }),
          }),
        );
        const last = r.history.at(-1)!;
        expect(last.metricName).toBe('mae');
        // Noise sd 1 000 → the best possible MAE is about 800 and MSE about 1e6, in target units.
        expect(last.valMetric!).toBeLessThan(1000);
        expect(last.valLoss!).toBeLessThan(1.6e6);
        const test = linearRegression(200, 3);
        const p = predict(r.model, test.x, test.n, test.nFeatures, 'regression', 1);
        let mae = 0;
        for (let i = 0; i < test.n; i++) mae += Math.abs(p[i]! - test.y[i]!) / test.n;
        expect(mae).toBeLessThan(1000);
        disposeModel(r.model);
      }
    });

    it('keeps the tensor count flat across epochs and frees everything with disposeModel', async () => {
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      const r = await trainModel(
        args('multiclass', blobs(300, 3, 4, 1), blobs(90, 3, 4, 2), {
          spec: mlp([8, 8], { dropout: 0.1, l2: 1e-3 }),
          training: training({ epochs: 6, earlyStopping: { enabled: true, patience: 100 } }),
        }),
        { onEpoch: () => void counts.push(tf.memory().numTensors) },
      );
      // Epoch 1 creates the optimizer's slots and possibly the first best-weight clones; after it, flat.
      expect(new Set(counts.slice(1)).size).toBe(1);
      disposeModel(r.model);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('stops early and restores the best epoch weights', async () => {
      // Few noisy rows, a big network and a high rate: validation loss turns up after a few epochs.
      const train = blobs(60, 2, 10, 5, 0.6);
      const val = blobs(200, 2, 10, 6, 0.6);
      const r = await trainModel(
        args('binary', train, val, {
          spec: mlp([128, 128]),
          training: training({ epochs: 200, learningRate: 0.01, batchSize: 8, earlyStopping: { enabled: true, patience: 3 } }),
        }),
      );
      expect(r.stoppedBy).toBe('early-stopping');
      const best = r.bestEpoch!;
      expect(r.history).toHaveLength(best + 3);
      const bestVal = Math.min(...r.history.map((h) => h.valLoss!));
      expect(r.history[best - 1]!.valLoss).toBe(bestVal);
      expect(r.history.at(-1)!.valLoss!).toBeGreaterThan(bestVal);
      expect(Math.abs((await valLossOf(r.model, val)) - bestVal)).toBeLessThan(1e-5);
      disposeModel(r.model);
    });

    it('is deterministic for a seed (dropout included)', async () => {
      const run = async (seed: number) => {
        const r = await trainModel(
          args('binary', xor(300, 1), xor(100, 2), { seed, spec: mlp([16], { dropout: 0.3 }), training: training({ epochs: 4 }) }),
        );
        disposeModel(r.model);
        return withoutTimings(r.history);
      };
      const a = await run(11);
      expect(await run(11)).toEqual(a);
      expect(await run(12)).not.toEqual(a);
    });

    it('ends within one batch of a stop request and keeps the best weights so far', async () => {
      const val = blobs(100, 2, 4, 2);
      let steps = 0;
      let epochs = 0;
      const r = await trainModel(args('binary', blobs(320, 2, 4, 1), val, { training: training({ epochs: 50, batchSize: 32 }) }), {
        onBatch: () => void steps++,
        onEpoch: () => void epochs++,
        shouldStop: () => steps >= 25, // mid-epoch 3 (10 batches per epoch)
      });
      expect(r.stoppedBy).toBe('user');
      expect(steps).toBe(25);
      expect(epochs).toBe(2);
      expect(r.history).toHaveLength(2);
      const bestVal = Math.min(...r.history.map((h) => h.valLoss!));
      expect(Math.abs((await valLossOf(r.model, val)) - bestVal)).toBeLessThan(1e-5);
      disposeModel(r.model);
    });

    it('yields to the event loop so a stop message can arrive mid-epoch', async () => {
      let stop = false;
      let steps = 0;
      const timer = new Promise<void>((resolve) => {
        (globalThis as unknown as { setTimeout: (f: () => void, ms: number) => void }).setTimeout(() => {
          stop = true;
          resolve();
        }, 50);
      });
      const r = await trainModel(
        args('binary', blobs(20_000, 2, 4, 1), null, { training: training({ epochs: 1000, batchSize: 16 }) }),
        { onBatch: () => void steps++, shouldStop: () => stop },
      );
      await timer;
      expect(r.stoppedBy).toBe('user');
      expect(r.bestEpoch).toBeNull();
      expect(steps).toBeGreaterThan(0);
      expect(steps).toBeLessThan(1250); // stopped inside the first epoch
      disposeModel(r.model);
    });

    it('predicts in batches of 4096 rows with the same result as one call', async () => {
      const r = await trainModel(args('multiclass', blobs(90, 3, 3, 1), null, { training: training({ epochs: 1 }) }));
      const big = blobs(5000, 3, 3, 9);
      const before = tf.memory().numTensors;
      const p = predict(r.model, big.x, big.n, big.nFeatures, 'multiclass', 3);
      expect(tf.memory().numTensors).toBe(before);
      const whole = tf.tidy(() => (r.model.predict(tf.tensor2d(big.x, [big.n, 3])) as tf.Tensor).dataSync());
      for (let i = 0; i < whole.length; i++) expect(Math.abs(p[i]! - whole[i]!)).toBeLessThan(1e-6);
      disposeModel(r.model);
    });

    it('rejects bad targets and reports divergence', async () => {
      const bad = blobs(10, 2, 2, 1);
      bad.y[3] = -1;
      await expect(trainModel(args('binary', bad, null))).rejects.toThrow(/class index/);
      const before = tf.memory().numTensors;
      await expect(
        trainModel(
          args('regression', linearRegression(200, 1), null, {
            spec: mlp([64]),
            training: training({ optimizer: 'sgd', learningRate: 10, epochs: 5 }),
          }),
        ),
      ).rejects.toBeInstanceOf(TrainingDivergedError);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('trains an autoencoder on normal rows only; its reconstruction error ranks held-out anomalies first', async () => {
      const before = tf.memory().numTensors;
      const r = await trainModel({
        build: graphBuilder(AUTOENCODER),
        objective: 'reconstruct',
        training: training({ epochs: 15, learningRate: 0.01, earlyStopping: { enabled: true, patience: 5 } }),
        task: 'binary',
        nClasses: 2,
        seed: 3,
        train: nearPlane(400, 1),
        validation: nearPlane(100, 2),
      });
      const last = r.history.at(-1)!;
      expect(last.metricName).toBe('mae');
      expect(r.bestEpoch).not.toBeNull();
      // The noise alone costs 0.01 per value; an untrained network about 1.
      expect(Math.min(...r.history.map((h) => h.valLoss!))).toBeLessThan(0.1);
      const test = nearPlane(500, 3, 0.1);
      const scores = anomalyScores(r.model, test.x, test.n, test.nFeatures);
      expect(scores).toHaveLength(test.n);
      // A row's distance from the mean ranks these anomalies at AUC 0.54, the untrained network at 0.52.
      expect(rocAuc(test.y, scores)!).toBeGreaterThan(0.9);
      disposeModel(r.model);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('anomalyScores: the mean squared error of each row (a window: its last step), batched, freeing every tensor', async () => {
      const windowed: LayerGraph = {
        nodes: [
          { id: 'in', kind: 'input', params: { window: 3 } },
          { id: 'flat', kind: 'flatten', params: {} },
          { id: 'out', kind: 'output', params: { head: 'reconstruct' } },
        ],
        edges: [
          { source: 'in', target: 'flat' },
          { source: 'flat', target: 'out' },
        ],
      };
      const model = buildLayerGraph(windowed, [2], 'binary', 2, 1).model;
      const n = 4100; // two batches
      const rng = createRng(5);
      const x = Float32Array.from({ length: n * 6 }, () => gaussian(rng));
      const before = tf.memory().numTensors;
      const scores = anomalyScores(model, x, n, 6, [3, 2]);
      expect(tf.memory().numTensors).toBe(before);
      const rebuilt = tf.tidy(() => (model.predict(tf.tensor3d(x, [n, 3, 2])) as tf.Tensor).dataSync());
      for (const i of [0, 1, 4095, 4096, n - 1]) {
        // The last step of row i is x[6i + 4], x[6i + 5].
        const expected = ((rebuilt[2 * i]! - x[6 * i + 4]!) ** 2 + (rebuilt[2 * i + 1]! - x[6 * i + 5]!) ** 2) / 2;
        expect(scores[i]).toBeCloseTo(expected, 5);
      }
      expect(() => anomalyScores(model, x, n, 6)).toThrow(/2 outputs, but a row has 6 features/);
      disposeModel(model);
    });

    it('an autoencoder refuses a network whose output is not the row\'s width, and rows with gaps', async () => {
      const wrong = { ...nearPlane(20, 1), nFeatures: 3, n: 40 };
      const base = { objective: 'reconstruct' as const, training: training({ epochs: 1 }), task: 'binary' as const, nClasses: 2, seed: 1, validation: null };
      await expect(trainModel({ ...base, build: () => buildLayerGraph(AUTOENCODER, [6], 'binary', 2, 1).model, train: wrong })).rejects.toThrow(
        /output as many values as a row has features \(3\), got 6/,
      );
      const gap = nearPlane(20, 1);
      gap.x[7] = NaN;
      await expect(trainModel({ ...base, build: graphBuilder(AUTOENCODER), train: gap })).rejects.toThrow(/non-finite values/);
    });
  });
}
