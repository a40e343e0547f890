import { useEffect } from 'react';
import { DataPreview } from './features/data/DataPreview';
import { ProfilePanel } from './features/data/ProfilePanel';
import { ExplainPanel } from './features/explain/ExplainPanel';
import { ExportPanel } from './features/export/ExportPanel';
import { ImportPanel } from './features/import/ImportPanel';
import { PipelineSection } from './features/graph/PipelineSection';
import { ImportReportView } from './features/import/ImportReportView';
import { AutosaveBanner } from './features/project/AutosaveBanner';
import { ProjectBar } from './features/project/ProjectBar';
import { ResultsPanel } from './features/results/ResultsPanel';
import { RunHistory } from './features/results/RunHistory';
import { SamplesPanel } from './features/samples/SamplesPanel';
import { SettingsForm } from './features/settings/SettingsForm';
import { TargetPanel } from './features/target/TargetPanel';
import { TrainingPanel } from './features/training/TrainingPanel';
import { errorText, loadSamples } from './store/actions';
import { pageAutosave } from './store/autosave';
import { useStudio } from './store/store';
import { checkStudio } from './studio';

/** The studio page: the pipeline editor across the top, data and settings on the left, training and results on the right. */
export function App() {
  useEffect(() => {
    void loadSamples();
    // Start the worker now (tfjs loads while the user picks data) and check its protocol version.
    checkStudio().catch((e: unknown) => useStudio.setState({ studioError: errorText(e) }));
    // Bring back the autosaved work, if any (once per page: a second mount in StrictMode reuses it).
    void pageAutosave().restore();
    // A file dropped outside the drop zone would make the browser navigate away from the studio.
    const block = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);
  const studioError = useStudio((s) => s.studioError);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>Orrery</h1>
          <p className="tagline">Train and compare machine-learning models on your own tables, entirely in your browser.</p>
        </div>
        <ProjectBar />
      </header>
      <AutosaveBanner />
      {studioError && (
        <p role="alert" className="error banner">
          The training engine could not start: {studioError}
        </p>
      )}
      <main className="layout">
        <div className="wide">
          <PipelineSection />
        </div>
        <div className="column">
          <SamplesPanel />
          <ImportPanel />
          <ImportReportView />
          <DataPreview />
          <ProfilePanel />
          <TargetPanel />
          <SettingsForm />
        </div>
        <div className="column">
          <TrainingPanel />
          <ResultsPanel />
          <ExplainPanel />
          <ExportPanel />
          <RunHistory />
        </div>
      </main>
    </div>
  );
}
