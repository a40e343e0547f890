import { useDeferredValue, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCount } from '../../components/format';
import { computeFairness } from '../../store/explainActions';
import { useStudio } from '../../store/store';
import { FairnessColumnView } from './FairnessColumnView';
import { InsightStatus } from './InsightStatus';
import { SubSection } from '../../components/SubSection';

/** Group fairness of the test predictions over the columns the user marks as sensitive (any column but the target). */
export function FairnessPanel() {
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [favourable, setFavourable] = useState<string>('');
  const { summary, target, running, classes, task } = useStudio(
    useShallow((s) => ({
      summary: s.summary,
      target: s.result?.target ?? s.project.target,
      running: s.insights.fairness.request !== null,
      classes: s.result?.classes ?? null,
      task: s.result?.task ?? null,
    })),
  );
  // The favourable outcome: binary defaults to the second (positive) class; multiclass needs a choice.
  const positive = classes && classes.includes(favourable) ? favourable : null;
  const report = useDeferredValue(useStudio((s) => s.insights.fairness.report));
  const columns = summary?.columns.map((c) => c.name).filter((c) => c !== target) ?? [];
  const selected = chosen.filter((c) => columns.includes(c));
  const toggle = (c: string, on: boolean) => setChosen((prev) => (on ? [...prev.filter((p) => p !== c), c] : prev.filter((p) => p !== c)));
  return (
    <SubSection title="Fairness">
      <p className="hint">
        Compares the model’s test predictions across the groups of each chosen column (numbers with many values are split at their quartiles). A large gap is a
        reason to look closer, not a verdict.
      </p>
      <fieldset className="column-choice">
        <legend>Sensitive columns</legend>
        {columns.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" checked={selected.includes(c)} onChange={(e) => toggle(c, e.target.checked)} /> {c}
          </label>
        ))}
      </fieldset>
      {classes && (
        <label className="field">
          Favourable outcome
          <select value={positive ?? ''} onChange={(e) => setFavourable(e.target.value)}>
            <option value="">{task === 'binary' ? `default (${classes[1]})` : 'none: compare accuracy only'}</option>
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" disabled={running || selected.length === 0} onClick={() => void computeFairness(selected, positive)}>
        Compute fairness
      </button>
      <InsightStatus kind="fairness" label="Fairness progress" />
      {report && (
        <div className="fairness-report">
          <p className="muted">
            {formatCount(report.rows)} test rows
            {report.positiveLabel !== null ? `; the favourable outcome is “${report.positiveLabel}”` : ''}; groups under {report.minGroupSize} rows are left out of
            the gaps.
          </p>
          {report.notes.length > 0 && (
            <ul className="compact muted" aria-label="Fairness report notes">
              {report.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
          {report.columns.map((c) => (
            <FairnessColumnView key={c.column} column={c} task={report.task} />
          ))}
        </div>
      )}
    </SubSection>
  );
}
