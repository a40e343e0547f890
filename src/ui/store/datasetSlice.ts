import type { StateCreator } from 'zustand';
import type { TableProfile } from '../../core/data/profile';
import type { DatasetRef } from '../../core/pipeline/document';
import type { DatasetSummary, TaskSuggestion } from '../../worker/protocol';
import type { SampleEntry } from '../features/samples/sampleIndex';
import type { StudioState } from './store';

export interface ImportProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number | null;
}

export interface DatasetSlice {
  /** The worker could not start or speaks another protocol version. */
  studioError: string | null;
  /** Bundled samples from public/samples/index.json; null until loaded. */
  samples: readonly SampleEntry[] | null;
  samplesError: string | null;
  /** The dataset the worker holds now, and where it came from. */
  summary: DatasetSummary | null;
  loadedSource: DatasetRef['source'] | null;
  /**
   * The bytes of the loaded data when they came from the user (a File, or text), kept so autosave can
   * store them and a reload can import them again; null for a bundled sample (its URL is enough).
   */
  loadedBlob: Blob | null;
  /** The import in flight (its name), or null. Progress is a separate field so only the bar re-renders. */
  importing: { readonly name: string } | null;
  importProgress: ImportProgress | null;
  importError: string | null;
  /** A plain note after a cancelled import. */
  importNotice: string | null;
  profile: TableProfile | null;
  profileLoading: boolean;
  profileError: string | null;
  /** Why the task was suggested for the current target (from the worker's suggestTask). */
  taskSuggestion: { readonly target: string; readonly suggestion: TaskSuggestion } | null;
}

export const createDatasetSlice: StateCreator<StudioState, [], [], DatasetSlice> = () => ({
  studioError: null,
  samples: null,
  samplesError: null,
  summary: null,
  loadedSource: null,
  loadedBlob: null,
  importing: null,
  importProgress: null,
  importError: null,
  importNotice: null,
  profile: null,
  profileLoading: false,
  profileError: null,
  taskSuggestion: null,
});
