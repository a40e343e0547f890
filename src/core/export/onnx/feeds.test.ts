/**
 * onnxFeeds: the exported model's inputs read from a raw table as the studio reads it (numbers with
 * NaN, text with '', date-time and boolean text converted), for the requested rows in order.
 */
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../data/infer';
import { tableOf } from '../../data/testTables';
import { fitPreprocessor } from '../../features/preprocess';
import type { FittedFeatureGraph } from '../../pipeline/experiment';
import { onnxFeeds } from './feeds';

const ROWS = Int32Array.from([3, 0, 2]);

/** A graph that passes its inputs through (no step), reading `inputs` with the given storage and views. */
function passThrough(inputs: Record<string, 'number' | 'string'>, numericViews: FittedFeatureGraph['source']['numericViews'] = {}): FittedFeatureGraph {
  return {
    version: 1,
    kind: 'graph',
    inputs: Object.keys(inputs),
    inputTypes: inputs,
    source: { dropped: [], numericViews },
    steps: [],
    outputNames: Object.keys(inputs),
  };
}

describe('onnxFeeds', () => {
  it('gives float32 with NaN for numbers and the converted numbers of date-time and boolean text, in row order', () => {
    const table = tableOf({
      a: [1.5, null, 3, 4.25],
      when: ['2020-01-02', '2021-06-30T12:00:00', null, '2024-02-29'],
      flag: ['yes', 'no', 'maybe', null],
    });
    const feeds = onnxFeeds(passThrough({ a: 'number', when: 'string', flag: 'string' }, { when: 'datetime', flag: 'boolean' }), table, ROWS);
    expect(feeds.map((f) => [f.name, f.type, f.dims])).toEqual([
      ['a', 'float', [3, 1]],
      ['when', 'float', [3, 1]],
      ['flag', 'float', [3, 1]],
    ]);
    expect(Array.from(feeds[0]!.data as Float32Array)).toEqual([4.25, 1.5, 3]);
    expect(Array.from(feeds[1]!.data as Float32Array)).toEqual([Math.fround(parseDateTime('2024-02-29')), Math.fround(parseDateTime('2020-01-02')), NaN]);
    expect(Array.from(feeds[2]!.data as Float32Array)).toEqual([NaN, 1, NaN]);
  });

  it("gives text with '' for missing, and reads a number column that arrives as text", () => {
    const table = tableOf({ c: ['red', 'blue', null, 'red'], a: ['1.5', 'x', '3', '-2'] });
    // An ordinal step turns the text into numbers (a text output is not a model input).
    const fitted = { ...passThrough({ a: 'number', c: 'string' }), steps: [{ nodeId: 'o', kind: 'ordinal', params: {}, state: { columns: [{ name: 'c', levels: ['red', 'blue'] }], unseenCode: -1 } }] };
    const [a, c] = onnxFeeds(fitted, table, ROWS);
    expect(c).toEqual({ name: 'c', type: 'string', dims: [3, 1], data: ['red', 'red', ''] });
    expect(Array.from(a!.data as Float32Array)).toEqual([-2, 1.5, 3]);
  });

  it('reads a v1 boolean by its fitted texts and a v1 category of numbers as their text', () => {
    const table = tableOf({
      ok: ['Y', 'N', 'Y', 'N', 'Y', 'unsure', null],
      grade: [1, 2, 3, 1, 2, 3, null],
      y: [0, 1, 0, 1, 0, 1, 0],
    });
    const pre = fitPreprocessor(
      table,
      { ok: 'boolean', grade: 'categorical', y: 'numeric' },
      'y',
      { excluded: [], numeric: { impute: 'median', scale: 'standard' }, categorical: { impute: 'most_frequent', minCount: 1, maxLevels: 30 }, dropIdentifiers: true },
      Int32Array.from([0, 1, 2, 3, 4]),
    );
    const [ok, grade] = onnxFeeds(pre, table, Int32Array.from([0, 1, 5, 6]));
    expect(ok!.type).toBe('float');
    expect(Array.from(ok!.data as Float32Array)).toEqual([1, 0, NaN, NaN]);
    expect(grade).toEqual({ name: 'grade', type: 'string', dims: [4, 1], data: ['1', '2', '3', ''] });
  });

  it('throws naming a column the table lacks', () => {
    expect(() => onnxFeeds(passThrough({ a: 'number', b: 'number' }), tableOf({ a: [1, 2] }), Int32Array.from([0]))).toThrow(
      'The column "b" (an input of the exported model) is not in this table.',
    );
  });
});
