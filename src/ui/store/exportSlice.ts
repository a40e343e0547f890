/**
 * The "Export and score" panel's state (issue #5): what the worker says can be exported, the export in
 * flight and the last file of each format, and scoring a new CSV with the last trained model. The
 * commands that fill it are in exportActions.ts; everything here describes one trained model and is
 * cleared when the run's result changes (a new run, new data, an opened project).
 */
import type { StateCreator } from 'zustand';
import type { ExportCheck, ExportOutcome, ScoreOutcome } from '../../worker/protocol';
import type { StudioState } from './store';

export type ExportFormat = ExportOutcome['format'];

/** The export in flight. `request` identifies it: an answer for another request is dropped. */
export interface ExportJob {
  readonly format: ExportFormat;
  readonly request: number;
  /** The worker's latest status line ("Checking the export with onnxruntime-web"). */
  readonly message: string | null;
}

export interface ExportState {
  /** The worker's answer to exportCheck (asked when the panel shows); null until it arrives. */
  readonly check: ExportCheck | null;
  readonly checkError: string | null;
  readonly job: ExportJob | null;
  /** The last finished export of each format (the file's bytes stay here until the model changes). */
  readonly onnx: ExportOutcome | null;
  readonly tfjs: ExportOutcome | null;
  readonly error: string | null;
  /** A plain note, e.g. after a cancel. */
  readonly notice: string | null;
}

export interface ScoreProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number | null;
}

/** Scoring in flight: the file's name, and its progress (only the progress bar reads it). */
export interface ScoreJob {
  readonly request: number;
  readonly name: string;
  readonly progress: ScoreProgress | null;
  readonly message: string | null;
}

/** A failed or cancelled scoring keeps the previous `outcome` (and the worker keeps its rows). */
export interface ScoreState {
  readonly job: ScoreJob | null;
  readonly outcome: ScoreOutcome | null;
  readonly error: string | null;
  readonly notice: string | null;
  /** The predictions download is being prepared (the worker writes the CSV). */
  readonly downloading: boolean;
  readonly downloadError: string | null;
}

export const NO_EXPORT: ExportState = { check: null, checkError: null, job: null, onnx: null, tfjs: null, error: null, notice: null };

export const NO_SCORE: ScoreState = { job: null, outcome: null, error: null, notice: null, downloading: false, downloadError: null };

export interface ExportSlice {
  exports: ExportState;
  scoring: ScoreState;
}

export const createExportSlice: StateCreator<StudioState, [], [], ExportSlice> = () => ({
  exports: NO_EXPORT,
  scoring: NO_SCORE,
});
