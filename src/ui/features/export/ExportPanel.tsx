import { Section } from '../../components/Section';
import { useStudio } from '../../store/store';
import { ModelExport } from './ModelExport';
import { ScoreSection } from './ScoreSection';

/**
 * Export and score (issue #5), shown once a model is trained: the model as an ONNX file (checked in
 * onnxruntime-web) or a TF.js zip, and a new CSV scored with it, with drift against the training data.
 * The worker does the work; this shows its answers and saves the files it writes.
 */
export function ExportPanel() {
  const trained = useStudio((s) => s.result !== null);
  if (!trained) return null;
  return (
    <Section title="Export and score" className="export">
      <p className="lede">Take the trained model with you, or use it here to predict a new file. Both stay on this machine.</p>
      <ModelExport />
      <ScoreSection />
    </Section>
  );
}
