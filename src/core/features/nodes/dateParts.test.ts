import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { datePartsNode } from './dateParts';
import { expectClose, names, nums, run } from './testing';

const s = Math.sin;
const c = Math.cos;
const TAU = 2 * Math.PI;

describe('date_parts', () => {
  // 2024-01-01 was a Monday; 2023-12-31 a Sunday; 2024-07-04 a Thursday. Without an offset, UTC.
  const table = tableOf({
    when: ['2024-01-01T00:00:00Z', '2023-12-31 23:30', '2024-07-04T14:00:00+02:00', 'not a date', null],
    y: [1, 2, 3, 4, 5],
  });

  it('year, month, day, weekday (0 = Monday), hour in UTC; unparsable and missing → missing', () => {
    const { out } = run(datePartsNode, table, { columns: ['when'], cyclic: false }, { target: 'y' });
    expect(names(out)).toEqual(['when:year', 'when:month', 'when:day', 'when:weekday', 'when:hour', 'y']);
    expect(nums(out, 'when:year')).toEqual([2024, 2023, 2024, NaN, NaN]);
    expect(nums(out, 'when:month')).toEqual([1, 12, 7, NaN, NaN]);
    expect(nums(out, 'when:day')).toEqual([1, 31, 4, NaN, NaN]);
    expect(nums(out, 'when:weekday')).toEqual([0, 6, 3, NaN, NaN]);
    expect(nums(out, 'when:hour')).toEqual([0, 23, 12, NaN, NaN]);
  });

  it('cyclic sin/cos of month (from January = 0), weekday and hour, after the plain parts', () => {
    const { out } = run(datePartsNode, table, { columns: ['when'], parts: ['hour', 'month'] });
    expect(names(out)).toEqual(['when:month', 'when:hour', 'when:month_sin', 'when:month_cos', 'when:hour_sin', 'when:hour_cos', 'y']);
    expectClose(nums(out, 'when:month_sin'), [0, s((TAU * 11) / 12), s((TAU * 6) / 12), NaN, NaN], 14);
    expectClose(nums(out, 'when:month_cos'), [1, c((TAU * 11) / 12), -1, NaN, NaN], 14);
    expectClose(nums(out, 'when:hour_sin'), [0, s((TAU * 23) / 24), s(Math.PI), NaN, NaN], 14);
    expectClose(nums(out, 'when:hour_cos'), [1, c((TAU * 23) / 24), -1, NaN, NaN], 14);
    expect(datePartsNode.outputColumns?.(['when', 'y'], datePartsNode.params.parse({ columns: ['when'], parts: ['hour', 'month'] }))).toEqual(names(out));
  });

  it('reads a numeric column as ms since the epoch', () => {
    const t = tableOf({ t: [Date.UTC(2000, 1, 29, 6), null] });
    const { out } = run(datePartsNode, t, { columns: ['t'], parts: ['year', 'month', 'day', 'weekday', 'hour'], cyclic: true });
    expect(nums(out, 't:day')).toEqual([29, NaN]);
    expect(nums(out, 't:weekday')).toEqual([1, NaN]); // a Tuesday
    expectClose(nums(out, 't:weekday_sin'), [s(TAU / 7), NaN], 14);
  });

  it('picks columns of dates when none are listed', () => {
    const t = tableOf({ d: ['2024-01-01', '2024-02-01'], c: ['x', 'y'], n: [1, 2] });
    expect(names(run(datePartsNode, t, { cyclic: false, parts: ['year'] }).out)).toEqual(['d:year', 'c', 'n']);
  });
});
