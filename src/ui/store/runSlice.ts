import type { StateCreator } from 'zustand';
import type { ExperimentResult } from '../../core/pipeline/experiment';
import type { EpochLog } from '../../core/train/train';
import type { BackendReport } from '../../worker/protocol';
import type { StudioState } from './store';

export type RunStatus = 'idle' | 'running' | 'done' | 'stopped' | 'failed';

export interface BatchProgress {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
}

export interface RunSlice {
  runStatus: RunStatus;
  /** The latest status line from the worker ("Compiling shaders…", "Training"...). */
  runMessage: string | null;
  /** Epoch logs of the current (or last) run, appended as they arrive. */
  epochs: readonly EpochLog[];
  /** Updated on every batch event: only the training progress bar subscribes to it. */
  batch: BatchProgress | null;
  backend: BackendReport | null;
  result: ExperimentResult | null;
  runError: string | null;
}

export const createRunSlice: StateCreator<StudioState, [], [], RunSlice> = () => ({
  runStatus: 'idle',
  runMessage: null,
  epochs: [],
  batch: null,
  backend: null,
  result: null,
  runError: null,
});
