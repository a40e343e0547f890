import { useDeferredValue, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { computeImportance } from '../../store/explainActions';
import { useStudio } from '../../store/store';
import { CountField } from './CountField';
import { InsightStatus } from './InsightStatus';
import { PermutationChart } from './PermutationChart';
import { SubSection } from '../../components/SubSection';

/** Permutation importance: how much the test score drops when one feature's values are shuffled. */
export function PermutationPanel() {
  const [valid, setValid] = useState(true);
  const { repeats, setSettings, running, encoded } = useStudio(
    useShallow((s) => ({
      repeats: s.explainSettings.repeats,
      setSettings: s.setExplainSettings,
      running: s.insights.importance.request !== null,
      encoded: s.explainSettings.granularity === 'encoded',
    })),
  );
  const report = useDeferredValue(useStudio((s) => s.insights.importance.report));
  return (
    <SubSection title="Permutation importance">
      <p className="hint">
        Shuffles one {encoded ? 'model input' : 'column'} at a time on the test rows and measures how much the score drops: a model-agnostic check of the
        attributions.
      </p>
      <div className="field-row align-end">
        <CountField label="Repeats" value={repeats} min={1} max={50} onCommit={(v) => setSettings({ repeats: v })} onValid={(_, ok) => setValid(ok)} />
        <div className="field">
          <button type="button" disabled={running || !valid} onClick={() => void computeImportance()}>
            Compute permutation importance
          </button>
        </div>
      </div>
      <InsightStatus kind="importance" label="Permutation importance progress" />
      {report && <PermutationChart report={report} />}
    </SubSection>
  );
}
