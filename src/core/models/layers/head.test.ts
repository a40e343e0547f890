import { describe, expect, it } from 'vitest';
import { lossFor } from '../build';
import { headFor, HEAD_CHOICES } from './head';
import type { Task } from '../../pipeline/document';

const TASKS: Task[] = ['binary', 'multiclass', 'regression'];

describe('headFor', () => {
  it('auto picks the activation that fits the task, the loss of models/build.ts, and never a mismatch', () => {
    expect(headFor('binary', 2, 'auto')).toEqual({ units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', mismatch: null });
    expect(headFor('multiclass', 4, 'auto')).toEqual({ units: 4, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', mismatch: null });
    expect(headFor('regression', 1, 'auto')).toEqual({ units: 1, activation: 'linear', loss: 'meanSquaredError', mismatch: null });
    for (const task of TASKS) expect(headFor(task, 3, 'auto').loss).toBe(lossFor(task));
  });

  it('keeps units and loss from the task and names every mismatch of an explicit head', () => {
    for (const task of TASKS) {
      const fitting = headFor(task, 3, 'auto').activation;
      for (const head of HEAD_CHOICES.filter((h) => h !== 'auto')) {
        const h = headFor(task, 3, head);
        expect(h.activation).toBe(head);
        expect(h.loss).toBe(lossFor(task));
        expect(h.units).toBe(task === 'multiclass' ? 3 : 1);
        if (head === fitting) expect(h.mismatch).toBeNull();
        else expect(h.mismatch).toMatch(/use (sigmoid|softmax|linear) \(or auto\)/);
      }
    }
  });

  it('refuses a multiclass head with fewer than 2 classes', () => {
    expect(() => headFor('multiclass', 1, 'auto')).toThrow(/at least 2 classes/);
    expect(() => headFor('multiclass', 2.5, 'auto')).toThrow(RangeError);
    expect(headFor('regression', 0, 'auto').units).toBe(1);
  });
});
