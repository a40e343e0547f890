import { describe, expect, it } from 'vitest';
import { parseTrainArgs, UsageError } from './args';

const base = ['--data', 'a.csv', '--target', 'y', '--out', 'o'];

describe('parseTrainArgs', () => {
  it('takes the documented defaults', () => {
    expect(parseTrainArgs(base)).toEqual({
      data: 'a.csv',
      project: null,
      target: 'y',
      out: 'o',
      task: null,
      model: 'mlp',
      hidden: null,
      epochs: null,
      batchSize: null,
      learningRate: null,
      seed: null,
      splitColumn: null,
      splitTime: null,
      backend: 'wasm',
      json: false,
    });
  });

  it('reads every option', () => {
    const a = parseTrainArgs([
      ...base,
      '--task', 'multiclass', '--model', 'linear', '--hidden', '32, 16', '--epochs', '5', '--batch-size', '8',
      '--learning-rate', '0.01', '--seed', '0', '--split-column', 'fold', '--backend', 'cpu', '--json',
    ]);
    expect(a).toMatchObject({
      task: 'multiclass', model: 'linear', hidden: [32, 16], epochs: 5, batchSize: 8, learningRate: 0.01,
      seed: 0, splitColumn: 'fold', backend: 'cpu', json: true,
    });
    expect(parseTrainArgs([...base, '--split-time', 'date'])).toMatchObject({ splitColumn: null, splitTime: 'date' });
  });

  it('with --project, the target and model come from the project unless given', () => {
    expect(parseTrainArgs(['--data', 'a.csv', '--project', 'p.orrery.json', '--out', 'o'])).toMatchObject({ project: 'p.orrery.json', target: null, model: null });
    expect(parseTrainArgs(['--data', 'a.csv', '--project', 'p.orrery.json', '--out', 'o', '--model', 'linear'])).toMatchObject({ model: 'linear' });
  });

  it.each([
    [['--target', 'y', '--out', 'o'], '--data is required'],
    [['--data', 'a.csv', '--out', 'o'], '--target is required'],
    [[...base, '--task', 'ranking'], '--task must be one of binary, multiclass, regression'],
    [[...base, '--model', 'forest'], '--model must be baseline, linear or mlp'],
    [[...base, '--hidden', '64,x'], '--hidden must be an integer'],
    [[...base, '--epochs', '0'], '--epochs must be an integer ≥ 1'],
    [[...base, '--learning-rate', '0'], '--learning-rate must be a number in (0, 10]'],
    [[...base, '--backend', 'webgpu'], '--backend must be wasm or cpu in Node'],
    [[...base, '--colour', 'red'], "Unknown option '--colour'"],
    [[...base, '--split-column', 'fold', '--split-time', 'date'], 'Give --split-column or --split-time, not both.'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseTrainArgs(argv)).toThrow(UsageError);
    expect(() => parseTrainArgs(argv)).toThrow(message);
  });
});
