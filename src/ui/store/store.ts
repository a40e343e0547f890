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

export type StudioState = DatasetSlice & ProjectSlice & RunSlice & GraphSlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createProjectSlice(...a),
  ...createRunSlice(...a),
  ...createGraphSlice(...a),
}));

/** Back to the state of a fresh page (unit tests). */
export function resetStudioStore(): void {
  useStudio.setState(useStudio.getInitialState(), true);
}
