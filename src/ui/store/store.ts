/**
 * The studio's one zustand store, made of six slices: dataset (samples, import, profile), project
 * (the ProjectDocument and its edits), run (training state and results), graph (the pipeline graph
 * being edited, with undo/redo), explain (reports about the trained model) and export (exporting that model
 * and scoring new files with it). Components read it through narrow selectors so that frequent updates
 * (batch progress) re-render only the widgets that show them.
 * Commands that talk to the worker live in actions.ts (explainActions.ts and exportActions.ts for the
 * explain and export slices).
 */
import { create } from 'zustand';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createExplainSlice, type ExplainSlice } from './explainSlice';
import { createExportSlice, type ExportSlice } from './exportSlice';
import { createGraphSlice, type GraphSlice } from './graphSlice';
import { createProjectSlice, type ProjectSlice } from './projectSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { graphMeaning } from './runnableProject';

export type StudioState = DatasetSlice & ProjectSlice & RunSlice & GraphSlice & ExplainSlice & ExportSlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createProjectSlice(...a),
  ...createRunSlice(...a),
  ...createGraphSlice(...a),
  ...createExplainSlice(...a),
  ...createExportSlice(...a),
}));

// A graph edit that changes what would be trained (not a move, not a reset to a loaded project's
// graph, which starts an empty history) makes the graph the pipeline that Train runs.
useStudio.subscribe((s, prev) => {
  const h = s.graphHistory;
  if (h === prev.graphHistory || s.pipelineMode === 'graph') return;
  if (h.past.length === 0 && h.future.length === 0) return;
  if (graphMeaning(h.graph) !== graphMeaning(prev.graphHistory.graph)) useStudio.setState({ pipelineMode: 'graph' });
});

// A node preview shows one node's output for one graph, table and target: selecting another node, a
// graph edit that changes what the nodes compute (not a move or a rename), new data or another
// target, task, seed or column kinds clear it (and drop its answer if it is still on the way).
useStudio.subscribe((s, prev) => {
  if (s.nodePreview === null || previewInputsKept(s, prev)) return;
  useStudio.setState({ nodePreview: null });
});

function previewInputsKept(s: StudioState, prev: StudioState): boolean {
  const [p, q] = [s.project, prev.project];
  return (
    s.summary === prev.summary &&
    s.graphSelection.nodes.join('\u0000') === prev.graphSelection.nodes.join('\u0000') &&
    p.target === q.target &&
    p.task === q.task &&
    p.seed === q.seed &&
    p.dataset.columnKinds === q.dataset.columnKinds &&
    (s.graphHistory.graph === prev.graphHistory.graph || graphMeaning(s.graphHistory.graph) === graphMeaning(prev.graphHistory.graph))
  );
}

/** Back to the state of a fresh page (unit tests). */
export function resetStudioStore(): void {
  useStudio.setState(useStudio.getInitialState(), true);
}
