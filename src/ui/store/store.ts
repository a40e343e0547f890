/**
 * The studio's one zustand store, made of four slices: dataset (samples, import, profile), project
 * (the ProjectDocument and its edits), run (training state and results) and graph (the pipeline graph
 * being edited, with undo/redo). Components read it through narrow selectors so that frequent updates
 * (batch progress) re-render only the widgets that show them.
 * Commands that talk to the worker live in actions.ts.
 */
import { create } from 'zustand';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createGraphSlice, type GraphSlice } from './graphSlice';
import { createProjectSlice, type ProjectSlice } from './projectSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { graphMeaning } from './runnableProject';

export type StudioState = DatasetSlice & ProjectSlice & RunSlice & GraphSlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createProjectSlice(...a),
  ...createRunSlice(...a),
  ...createGraphSlice(...a),
}));

// A graph edit that changes what would be trained (not a move, not a reset to a loaded project's
// graph, which starts an empty history) makes the graph the pipeline that Train runs.
useStudio.subscribe((s, prev) => {
  const h = s.graphHistory;
  if (h === prev.graphHistory || s.pipelineMode === 'graph') return;
  if (h.past.length === 0 && h.future.length === 0) return;
  if (graphMeaning(h.graph) !== graphMeaning(prev.graphHistory.graph)) useStudio.setState({ pipelineMode: 'graph' });
});

/** Back to the state of a fresh page (unit tests). */
export function resetStudioStore(): void {
  useStudio.setState(useStudio.getInitialState(), true);
}
