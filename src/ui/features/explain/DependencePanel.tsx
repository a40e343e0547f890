import { useDeferredValue, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { computeDependence, ICE_ROWS } from '../../store/explainActions';
import { useStudio } from '../../store/store';
import { InsightStatus } from './InsightStatus';
import { PartialDependenceChart } from './PartialDependenceChart';
import { SubSection } from '../../components/SubSection';
import { outputIndex } from './explainView';

/** Partial dependence of the prediction on one of the model's columns (with ICE lines). */
export function DependencePanel() {
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const { inputs, summary, target, running, chosenOutput, binary } = useStudio(
    useShallow((s) => ({
      inputs: s.result?.features.inputs,
      summary: s.summary,
      target: s.project.target,
      running: s.insights.dependence.request !== null,
      chosenOutput: s.explainOutput,
      binary: s.result?.task === 'binary',
    })),
  );
  const report = useDeferredValue(useStudio((s) => s.insights.dependence.report));
  // The model's source columns (what it reads), else the data's columns but the target.
  const columns = inputs?.length ? inputs : (summary?.columns.map((c) => c.name).filter((c) => c !== target) ?? []);
  const feature = chosen !== null && columns.includes(chosen) ? chosen : (columns[0] ?? '');
  return (
    <SubSection title="Partial dependence">
      <p className="hint">
        How the average prediction changes as one column is set to each of its values for every row; up to {ICE_ROWS} rows are drawn one by one.
      </p>
      <div className="field-row align-end">
        <div className="field">
          <label htmlFor={id}>Partial dependence feature</label>
          <select id={id} value={feature} onChange={(e) => setChosen(e.target.value)}>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="button" disabled={running || feature === ''} onClick={() => void computeDependence(feature)}>
            Compute partial dependence
          </button>
        </div>
      </div>
      <InsightStatus kind="dependence" label="Partial dependence progress" />
      {report && <PartialDependenceChart report={report} output={outputIndex(report.outputs, chosenOutput, binary)} />}
    </SubSection>
  );
}
