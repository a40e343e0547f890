import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExplainMethodChoice } from '../../../core/explain/reports';
import { explain } from '../../store/explainActions';
import { useStudio } from '../../store/store';
import { CountField } from './CountField';
import { InsightStatus } from './InsightStatus';
import { outputIndex } from './explainView';

const METHODS: readonly { readonly value: ExplainMethodChoice; readonly label: string }[] = [
  { value: 'auto', label: 'auto' },
  { value: 'exact', label: 'exact' },
  { value: 'kernel', label: 'KernelSHAP' },
  { value: 'linear', label: 'linear' },
  { value: 'gradient', label: 'gradient' },
];

const METHOD_HINT =
  'auto: exact Shapley values up to 12 features, KernelSHAP above; linear SHAP for a linear model (on the logit). ' +
  'Gradient (expected gradients) suits neural networks with many features.';

/** The attribution settings, the class shown, and Explain with its progress. */
export function ExplainForm() {
  const methodId = useId();
  const classId = useId();
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const { settings, setSettings, running, outputs, chosen, setOutput, binary } = useStudio(
    useShallow((s) => ({
      settings: s.explainSettings,
      setSettings: s.setExplainSettings,
      running: s.insights.explanation.request !== null,
      // The report's outputs (a linear binary model explains only its positive class), else the classes.
      outputs: s.insights.explanation.report?.outputs ?? s.result?.classes ?? null,
      chosen: s.explainOutput,
      setOutput: s.setExplainOutput,
      binary: s.result?.task === 'binary',
    })),
  );
  const onValid = (label: string, valid: boolean) =>
    setInvalid((prev) => {
      if (valid !== prev.has(label)) return prev;
      const next = new Set(prev);
      if (valid) next.delete(label);
      else next.add(label);
      return next;
    });
  return (
    <div className="explain-form">
      <div className="field-row">
        <div className="field">
          <label htmlFor={methodId}>Method</label>
          <select
            id={methodId}
            value={settings.method}
            aria-describedby={`${methodId}-hint`}
            onChange={(e) => setSettings({ method: e.target.value as ExplainMethodChoice })}
          >
            {METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <CountField label="Background size" value={settings.background} min={1} max={1000} onCommit={(v) => setSettings({ background: v })} onValid={onValid} />
        <CountField label="Rows to explain" value={settings.maxRows} min={1} max={500} onCommit={(v) => setSettings({ maxRows: v })} onValid={onValid} />
        {outputs && outputs.length > 1 && (
          <div className="field">
            <label htmlFor={classId}>Class</label>
            <select id={classId} value={outputs[outputIndex(outputs, chosen, binary)] ?? ''} onChange={(e) => setOutput(e.target.value)}>
              {outputs.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p id={`${methodId}-hint`} className="hint">
        {METHOD_HINT}
      </p>
      <div className="field checkbox">
        <input
          id={`${methodId}-encoded`}
          type="checkbox"
          checked={settings.granularity === 'encoded'}
          onChange={(e) => setSettings({ granularity: e.target.checked ? 'encoded' : 'source' })}
        />
        <label htmlFor={`${methodId}-encoded`}>Show encoded columns</label>
        <p className="hint">Off: one attribution per column of your data (its encoded parts summed). On: one per model input (one-hot levels, scaled numbers).</p>
      </div>
      <div className="explain-actions">
        <button type="button" className="primary" disabled={running || invalid.size > 0} onClick={() => void explain()}>
          Explain
        </button>
      </div>
      <InsightStatus kind="explanation" label="Explain progress" />
    </div>
  );
}
