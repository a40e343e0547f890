/**
 * Explanations of the last trained model (issue #4): the Explain panel's settings and, per kind of
 * report (attributions, permutation importance, partial dependence, fairness), the request in flight
 * and the last report. The commands that fill it are in explainActions.ts; the reports of one model
 * are cleared when the run's result changes (a new run, new data, an opened project).
 */
import type { StateCreator } from 'zustand';
import type { ExplainMethodChoice, Granularity } from '../../core/explain/reports';
import type { Result } from '../../worker/protocol';
import type { StudioState } from './store';

/** The worker request behind each kind of report. */
export interface InsightMethods {
  readonly explanation: 'explain';
  readonly importance: 'permutationImportance';
  readonly dependence: 'partialDependence';
  readonly fairness: 'fairness';
}

export type InsightKind = keyof InsightMethods;
export type InsightReport<K extends InsightKind> = Result<InsightMethods[K]>;

export interface InsightProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number | null;
}

/**
 * One kind of report. `request` identifies the call in flight (null when none): an answer for another
 * request is dropped. A failed or cancelled request keeps the previous `report`.
 */
export interface InsightState<R> {
  readonly report: R | null;
  readonly request: number | null;
  /** Updated on each progress event: only the progress bar reads it. */
  readonly progress: InsightProgress | null;
  readonly error: string | null;
  /** A plain note, e.g. after a cancel. */
  readonly notice: string | null;
}

export type Insights = { readonly [K in InsightKind]: InsightState<InsightReport<K>> };

/** What the user chose in the Explain panel's form (kept while the panel hides during a new run). */
export interface ExplainSettings {
  readonly method: ExplainMethodChoice;
  /** Background rows drawn from the training split (k-means summarized when there are more). */
  readonly background: number;
  /** Test rows to explain. */
  readonly maxRows: number;
  readonly granularity: Granularity;
  /** Permutation importance: shuffles per feature. */
  readonly repeats: number;
}

export const DEFAULT_EXPLAIN_SETTINGS: ExplainSettings = { method: 'auto', background: 100, maxRows: 50, granularity: 'source', repeats: 5 };

const EMPTY: InsightState<never> = { report: null, request: null, progress: null, error: null, notice: null };

export const NO_INSIGHTS: Insights = { explanation: EMPTY, importance: EMPTY, dependence: EMPTY, fairness: EMPTY };

export interface ExplainSlice {
  insights: Insights;
  explainSettings: ExplainSettings;
  /** The output (class name) whose attributions the views show; null = the default (explainView.ts). */
  explainOutput: string | null;
  setExplainSettings: (change: Partial<ExplainSettings>) => void;
  setExplainOutput: (output: string | null) => void;
}

export const createExplainSlice: StateCreator<StudioState, [], [], ExplainSlice> = (set) => ({
  insights: NO_INSIGHTS,
  explainSettings: DEFAULT_EXPLAIN_SETTINGS,
  explainOutput: null,
  setExplainSettings: (change) => set((s) => ({ explainSettings: { ...s.explainSettings, ...change } })),
  setExplainOutput: (output) => set({ explainOutput: output }),
});
