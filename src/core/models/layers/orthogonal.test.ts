import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from '../build';
import { buildLayerGraph } from './buildLayerGraph';
import { orthogonalMatrix } from './orthogonal';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Max |(A Aᵀ or Aᵀ A) − I| over the smaller Gram matrix of a row-major rows × cols matrix. */
function orthogonalityError(a: ArrayLike<number>, rows: number, cols: number): number {
  const byRows = rows <= cols;
  const n = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (v: number, i: number) => (byRows ? a[v * cols + i]! : a[i * cols + v]!);
  let worst = 0;
  for (let u = 0; u < n; u++) {
    for (let v = 0; v < n; v++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += at(u, i) * at(v, i);
      worst = Math.max(worst, Math.abs(dot - (u === v ? 1 : 0)));
    }
  }
  return worst;
}

describe('orthogonalMatrix', () => {
  it.each([
    [3, 12],
    [12, 3],
    [5, 5],
    [1, 7],
    [64, 256],
  ])('%i × %i has orthonormal rows or columns', (rows, cols) => {
    expect(orthogonalityError(orthogonalMatrix(rows, cols, 1), rows, cols)).toBeLessThan(1e-5);
  });

  it('is seeded', () => {
    expect(orthogonalMatrix(4, 8, 1)).toEqual(orthogonalMatrix(4, 8, 1));
    expect(orthogonalMatrix(4, 8, 1)).not.toEqual(orthogonalMatrix(4, 8, 2));
  });

  it('takes milliseconds where tfjs takes minutes (LSTM(256)’s 256 × 1024 kernel)', () => {
    const t0 = Date.now();
    orthogonalMatrix(256, 1024, 1);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('initializes LSTM and GRU recurrent kernels', () => {
    for (const kind of ['lstm', 'gru']) {
      const { model } = buildLayerGraph(
        {
          nodes: [
            { id: 'in', kind: 'input', params: {} },
            { id: 'r', kind, params: { units: 6 } },
            { id: 'out', kind: 'output', params: {} },
          ],
          edges: [
            { source: 'in', target: 'r' },
            { source: 'r', target: 'out' },
          ],
        },
        [5, 2],
        'regression',
        1,
        3,
      );
      const recurrent = model.getLayer('r').getWeights()[1]!;
      const [rows, cols] = recurrent.shape as [number, number];
      expect(orthogonalityError(recurrent.dataSync(), rows, cols)).toBeLessThan(1e-5);
      disposeModel(model);
    }
  });
});
