import type { StateCreator } from 'zustand';
import { createProject, type ProjectDocument } from '../../core/pipeline/document';
import { applyProjectChange, type ProjectChange } from './projectChanges';
import type { PipelineMode } from './runnableProject';
import type { StudioState } from './store';

/**
 * How restoring autosaved work went at startup (store/autosave.ts), shown under the page header until
 * dismissed. `savedAt` is ms since the epoch.
 */
export type RestoreState =
  | { readonly kind: 'restoring'; readonly savedAt: number }
  | { readonly kind: 'restored'; readonly savedAt: number }
  | { readonly kind: 'failed'; readonly message: string };

export interface ProjectSlice {
  /** The one project document. Before any data is loaded it holds the default settings. */
  project: ProjectDocument;
  /** False while `project` is the placeholder of a fresh page (nothing loaded or opened yet). */
  projectStarted: boolean;
  /** Settings fields whose text is invalid right now, by field label -> message. Blocks Train. */
  fieldErrors: Readonly<Record<string, string>>;
  projectError: string | null;
  /**
   * What Train runs and Save writes: the settings form's model and split ('settings', a v1 document)
   * or the pipeline graph ('graph', a v2 document). A meaningful graph edit switches to 'graph'.
   */
  pipelineMode: PipelineMode;
  setPipelineMode: (mode: PipelineMode) => void;
  restore: RestoreState | null;
  /** Why the last autosave write failed (quota, private mode…), until one succeeds. */
  autosaveError: string | null;
  dismissRestore: () => void;
  change: (change: ProjectChange) => void;
  setFieldError: (label: string, message: string | null) => void;
}

/** The placeholder project shown before any data is loaded (never saved: Save needs data). */
export function emptyProject(): ProjectDocument {
  return createProject({ name: 'Untitled', source: { kind: 'file', fileName: 'untitled.csv', bytes: 0 }, columnKinds: {} });
}

export const createProjectSlice: StateCreator<StudioState, [], [], ProjectSlice> = (set) => ({
  project: emptyProject(),
  projectStarted: false,
  fieldErrors: {},
  projectError: null,
  pipelineMode: 'settings',
  setPipelineMode: (mode) => set({ pipelineMode: mode }),
  restore: null,
  autosaveError: null,
  dismissRestore: () => set({ restore: null }),
  change: (change) => set((s) => ({ project: applyProjectChange(s.project, change) })),
  setFieldError: (label, message) =>
    set((s) => {
      if ((s.fieldErrors[label] ?? null) === message) return s;
      const fieldErrors = { ...s.fieldErrors };
      if (message === null) delete fieldErrors[label];
      else fieldErrors[label] = message;
      return { fieldErrors };
    }),
});
