import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { openProjectFile, saveProject } from '../../store/actions';
import { selectDataMatchesProject } from '../../store/selectors';
import { useStudio } from '../../store/store';

/** Save the project document as a file, or open one (validated; an invalid file changes nothing). */
export function ProjectBar() {
  const openId = useId();
  const { name, started, error, running, needsData, datasetName, graphNotSaved } = useStudio(
    useShallow((s) => ({
      name: s.project.name,
      started: s.projectStarted,
      error: s.projectError,
      running: s.runStatus === 'running',
      needsData: s.projectStarted && !selectDataMatchesProject(s),
      datasetName: s.project.dataset.name,
      // The settings are the pipeline but the graph was edited: a saved v1 file cannot hold the graph.
      graphNotSaved: s.pipelineMode === 'settings' && s.graphHistory.past.length > 0,
    })),
  );
  return (
    <div className="project-bar" role="group" aria-label="Project">
      <span className="project-name">{started ? `Project: ${name}` : 'No project yet'}</span>
      <button type="button" disabled={!started} onClick={saveProject}>
        Save project
      </button>
      <label htmlFor={openId} className="file-button">
        Open project
      </label>
      <input
        id={openId}
        type="file"
        accept=".json,application/json"
        className="visually-hidden-file"
        disabled={running}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openProjectFile(file);
        }}
      />
      {started && graphNotSaved && (
        <span className="hint">The settings are the pipeline: a saved file holds them, not your graph edits (kept in this browser; use the graph as the pipeline to save it).</span>
      )}
      {needsData && <span className="warning-text">Load “{datasetName}” to train this project.</span>}
      {error && (
        <p role="alert" className="error">
          Could not open the project: {error}
        </p>
      )}
    </div>
  );
}
