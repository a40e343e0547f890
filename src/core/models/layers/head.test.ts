import { describe, expect, it } from 'vitest';
import { lossFor } from '../build';
import { headFor, HEAD_CHOICES, reconstructProblem } from './head';
import type { Task } from '../../pipeline/document';

const TASKS: Task[] = ['binary', 'multiclass', 'regression'];

describe('headFor', () => {
  it('auto picks the activation that fits the task, the loss of models/build.ts, and never a mismatch', () => {
    expect(headFor('binary', 2, 'auto')).toEqual({ units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', mismatch: null, reconstruct: false });
    expect(headFor('multiclass', 4, 'auto')).toEqual({ units: 4, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', mismatch: null, reconstruct: false });
    expect(headFor('regression', 1, 'auto')).toEqual({ units: 1, activation: 'linear', loss: 'meanSquaredError', mismatch: null, reconstruct: false });
    for (const task of TASKS) expect(headFor(task, 3, 'auto').loss).toBe(lossFor(task));
  });

  it('keeps units and loss from the task and names every mismatch of an explicit head', () => {
    for (const task of TASKS) {
      const fitting = headFor(task, 3, 'auto').activation;
      for (const head of HEAD_CHOICES.filter((h) => h !== 'auto' && h !== 'reconstruct')) {
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

  it('reconstruct: as many linear units as the input has features, MSE, for a binary (anomaly) target only', () => {
    expect(headFor('binary', 2, 'reconstruct', 7)).toEqual({ units: 7, activation: 'linear', loss: 'meanSquaredError', mismatch: null, reconstruct: true });
    expect(reconstructProblem('binary', 7)).toBeNull();
    for (const task of ['regression', 'multiclass'] as const) {
      expect(reconstructProblem(task, 7)).toMatch(new RegExp(`needs a binary target .*the task is ${task}`));
      expect(() => headFor(task, 3, 'reconstruct', 7)).toThrow(RangeError);
    }
    for (const width of [undefined, 0, 2.5]) {
      expect(reconstructProblem('binary', width)).toMatch(/how many features the input has/);
      expect(() => headFor('binary', 2, 'reconstruct', width)).toThrow(/how many features/);
    }
  });
});
