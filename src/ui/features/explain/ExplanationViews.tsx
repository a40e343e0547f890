import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../../store/store';
import { Beeswarm } from './Beeswarm';
import { DependencePlot } from './DependencePlot';
import { ImportanceChart } from './ImportanceChart';
import { MethodFacts } from './MethodFacts';
import { Waterfall } from './Waterfall';
import { outputIndex } from './explainView';
import { useStaged } from './useStaged';

/**
 * The views of the last ExplainReport for the chosen output. Deferred (like ResultsPanel): a new report
 * or class renders in an interruptible pass, not in one long main-thread task; a new report's charts
 * mount one per frame (useStaged); progress events do not reach these components.
 */
export function ExplanationViews() {
  const state = useStudio(useShallow((s) => ({ report: s.insights.explanation.report, chosen: s.explainOutput, binary: s.result?.task === 'binary' })));
  const { report, chosen, binary } = useDeferredValue(state);
  const staged = useStaged(report, 4);
  if (!report) return null;
  const output = outputIndex(report.outputs, chosen, binary);
  return (
    <div className="explanation">
      <MethodFacts report={report} output={output} />
      <h3>Global importance</h3>
      <ImportanceChart report={report} output={output} />
      {staged >= 2 && (
        <>
          <h3>Summary plot</h3>
          <Beeswarm report={report} output={output} />
        </>
      )}
      {staged >= 3 && (
        <>
          <h3>Dependence plot</h3>
          <DependencePlot report={report} output={output} />
        </>
      )}
      {staged >= 4 && (
        <>
          <h3>Waterfall of one row</h3>
          <Waterfall report={report} output={output} />
        </>
      )}
    </div>
  );
}
