import { Section } from '../../components/Section';
import { useStudio } from '../../store/store';
import { DependencePanel } from './DependencePanel';
import { ExplainForm } from './ExplainForm';
import { ExplanationViews } from './ExplanationViews';
import { FairnessPanel } from './FairnessPanel';
import { PermutationPanel } from './PermutationPanel';

/**
 * Explanations of the last trained model (issue #4), shown once a model is trained: SHAP attributions
 * (global importance, summary, dependence, one row's waterfall), permutation importance, partial
 * dependence and group fairness. The worker computes everything; this only draws the reports.
 */
export function ExplainPanel() {
  const trained = useStudio((s) => s.result !== null);
  if (!trained) return null;
  return (
    <Section title="Explain" className="explain">
      <p className="lede">Why the model predicts what it does: how much each feature moved each prediction away from the average one (SHAP values).</p>
      <ExplainForm />
      <ExplanationViews />
      <PermutationPanel />
      <DependencePanel />
      <FairnessPanel />
    </Section>
  );
}
