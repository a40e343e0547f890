import { Fragment } from 'react';
import type { ColumnFairness, GroupStats } from '../../../core/explain/fairness';
import type { Task } from '../../../core/pipeline/document';
import { formatCount, formatNumber } from '../../components/format';

/** A rate as a percentage with one decimal ("83.1%"), or "—" where it is undefined. */
export function formatRate(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

interface Stat {
  readonly name: string;
  readonly value: (g: GroupStats) => string;
}

const CLASSIFICATION: readonly Stat[] = [
  { name: 'Accuracy', value: (g) => formatRate(g.accuracy) },
  { name: 'Selection rate', value: (g) => formatRate(g.selectionRate) },
  { name: 'TPR', value: (g) => formatRate(g.tpr) },
  { name: 'FPR', value: (g) => formatRate(g.fpr) },
];

const REGRESSION: readonly Stat[] = [
  { name: 'MAE', value: (g) => formatNumber(g.mae) },
  { name: 'Mean prediction', value: (g) => formatNumber(g.meanPrediction) },
  { name: 'Mean target', value: (g) => formatNumber(g.meanTarget) },
];

/** One sensitive column: its groups' rates, the gaps between them, warnings and notes. */
export function FairnessColumnView({ column, task }: { column: ColumnFairness; task: Task }) {
  const stats = task === 'regression' ? REGRESSION : CLASSIFICATION;
  const gaps: [string, number | null][] =
    task === 'regression'
      ? [
          ['MAE difference', column.maeDifference],
          ['Mean prediction difference', column.meanPredictionDifference],
        ]
      : [
          ['Demographic-parity difference', column.demographicParityDifference],
          ['Selection-rate ratio', column.selectionRateRatio],
          ['Equalized-odds difference', column.equalizedOddsDifference],
          ['Accuracy difference', column.accuracyDifference],
        ];
  return (
    <div className="fairness-column">
      <h4>{column.column}</h4>
      <div className="table-scroll">
        <table className="metrics" aria-label={`Fairness by ${column.column}`}>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Rows</th>
              {stats.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {column.groups.map((g) => (
              <tr key={g.missing ? '\u0000missing' : g.group} className={g.small || g.missing ? 'left-out' : undefined}>
                <th scope="row">
                  {g.missing ? '(missing)' : g.group}
                  {g.small && !g.missing ? ' (small)' : ''}
                </th>
                <td className="num">{formatCount(g.count)}</td>
                {stats.map((s) => (
                  <td key={s.name} className="num">
                    {s.value(g)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="facts" aria-label={`Gaps between the groups of ${column.column}`}>
        {gaps.map(([name, v]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{formatNumber(v)}</dd>
          </Fragment>
        ))}
      </dl>
      {column.warnings.length > 0 && (
        <div role="status">
          <ul className="compact warnings" aria-label={`Fairness warnings for ${column.column}`}>
            {column.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {column.notes.length > 0 && (
        <ul className="compact muted" aria-label={`Fairness notes for ${column.column}`}>
          {column.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
