import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from '../build';
import { createRng } from '../../util/random';
import { buildLayerGraph } from './buildLayerGraph';
import { makeWindows } from './makeWindows';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('makeWindows', () => {
  it('builds overlapping windows ending at each row from window − 1 on, oldest row first', () => {
    // 5 rows × 2 features: row r = [10r, 10r + 1].
    const x = Float32Array.from({ length: 10 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2));
    const w = makeWindows(x, 5, 2, 3);
    expect(w.n).toBe(3);
    expect(Array.from(w.rows)).toEqual([2, 3, 4]);
    expect(Array.from(w.x)).toEqual([0, 1, 10, 11, 20, 21, 10, 11, 20, 21, 30, 31, 20, 21, 30, 31, 40, 41]);
  });

  it('window 1 keeps every row; fewer rows than the window give none', () => {
    const x = Float32Array.from([1, 2, 3]);
    expect(makeWindows(x, 3, 1, 1)).toEqual({ x, n: 3, rows: Int32Array.from([0, 1, 2]) });
    expect(makeWindows(x, 3, 1, 4)).toEqual({ x: new Float32Array(0), n: 0, rows: new Int32Array(0) });
  });

  it('refuses a bad window or sizes that do not fit', () => {
    const x = new Float32Array(6);
    expect(() => makeWindows(x, 3, 2, 0)).toThrow(RangeError);
    expect(() => makeWindows(x, 3, 2, 1.5)).toThrow(/whole number/);
    expect(() => makeWindows(x, 4, 2, 2)).toThrow(/expected 4 × 2 values, got 6/);
  });

  it('never looks ahead: window i is exactly rows rows[i] − window + 1 … rows[i] (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), (n, f, window) => {
        const x = Float32Array.from({ length: n * f }, (_, i) => i);
        const w = makeWindows(x, n, f, window);
        expect(w.n).toBe(Math.max(0, n - window + 1));
        for (let i = 0; i < w.n; i++) {
          const last = w.rows[i]!;
          expect(last).toBe(i + window - 1);
          for (let s = 0; s < window; s++) {
            for (let j = 0; j < f; j++) expect(w.x[(i * window + s) * f + j]).toBe((last - window + 1 + s) * f + j);
          }
        }
      }),
      { seed: 3 },
    );
  });
});

describe('an LSTM over time windows', () => {
  it('learns the sign of the sum of the last 4 values above chance', async () => {
    // One time-ordered feature; the target of row t is whether v[t-3] + … + v[t] > 0, which only a
    // model that sees the whole window can know (each value alone says little).
    const window = 4;
    const n = 600;
    const rng = createRng(11);
    const v = Float32Array.from({ length: n }, () => rng() * 2 - 1);
    const w = makeWindows(v, n, 1, window);
    const y = Float32Array.from(w.rows, (r) => {
      let s = 0;
      for (let k = r - window + 1; k <= r; k++) s += v[k]!;
      return s > 0 ? 1 : 0;
    });
    const graph = {
      nodes: [
        { id: 'in', kind: 'input', params: {} },
        { id: 'rnn', kind: 'lstm', params: { units: 8 } },
        { id: 'out', kind: 'output', params: { head: 'auto' } },
      ],
      edges: [
        { source: 'in', target: 'rnn' },
        { source: 'rnn', target: 'out' },
      ],
    };
    const { model, head } = buildLayerGraph(graph, [window, 1], 'binary', 2, 7);
    model.compile({ optimizer: tf.train.adam(0.02, 0.9, 0.999, 1e-7), loss: head.loss, metrics: ['accuracy'] });
    const trainN = 450;
    const xs = tf.tensor3d(w.x, [w.n, window, 1]);
    const ys = tf.tensor2d(y, [w.n, 1]);
    const [xTrain, xTest] = tf.split(xs, [trainN, w.n - trainN]);
    const [yTrain, yTest] = tf.split(ys, [trainN, w.n - trainN]);
    await model.fit(xTrain!, yTrain!, { epochs: 25, batchSize: 32, shuffle: false, verbose: 0 });
    const scores = model.evaluate(xTest!, yTest!) as tf.Scalar[];
    const acc = scores[1]!.dataSync()[0]!;
    tf.dispose(scores);
    expect(acc).toBeGreaterThan(0.8);
    tf.dispose([xs, ys, xTrain!, xTest!, yTrain!, yTest!]);
    disposeModel(model);
  });
});
