/**
 * The plain-data reports the studio shows about a trained model (issue #4): attributions, permutation
 * importance, partial dependence and fairness. Produced by insights.ts (core; used by the worker and
 * the CLI) and sent to the UI as is (structured-clone, JSON-safe: no NaN — null where undefined).
 */
import type { FairnessReport } from './fairness';

export type ExplainMethod = 'exact' | 'kernel' | 'linear' | 'gradient';
export type ExplainMethodChoice = 'auto' | ExplainMethod;
/** Attributions per source column (the user's columns, encoded parts summed) or per encoded column. */
export type Granularity = 'source' | 'encoded';

export interface ExplainOptions {
  /** Table rows to explain; default: up to `maxRows` rows of the test split. */
  readonly rows?: readonly number[];
  readonly maxRows: number;
  readonly method: ExplainMethodChoice;
  /** Background rows from the training split; more than `backgroundSummary` are summarized by k-means. */
  readonly background: number;
  readonly granularity: Granularity;
  readonly seed: number;
  /** KernelSHAP coalition samples per row (default 2 × features + 2048). */
  readonly kernelSamples?: number;
}

export interface ExplainedRow {
  /** Index in the table. */
  readonly row: number;
  /** Line in the source file (1 = header), when known. */
  readonly line: number | null;
  /** The model's output per output (`outputs`), in the report's `space`. */
  readonly fx: readonly number[];
  /** features × outputs, row-major: phi[f * outputs.length + o]. Sum over features = fx − base. */
  readonly phi: readonly number[];
  /** Each feature's value in this row, as display text (never HTML). */
  readonly values: readonly string[];
  /** Each feature's value as a number for plots (numbers; null for text or missing). */
  readonly numeric: readonly (number | null)[];
}

export interface ExplainReport {
  readonly method: ExplainMethod;
  /** Why this method, in plain words (e.g. "12 source columns or fewer: exact Shapley values"). */
  readonly methodReason: string;
  /** What the attributions add up to: class probability, the logit (linear SHAP), or the predicted value. */
  /** 'score': an anomaly detector's score (the autoencoder's reconstruction error). */
  readonly space: 'probability' | 'logit' | 'value' | 'score';
  readonly granularity: Granularity;
  /** Feature (player) names: source column names, or encoded column names. */
  readonly features: readonly string[];
  /** Output names: the classes (binary: both), or the target's name for regression. */
  readonly outputs: readonly string[];
  /** E[f(background)] per output. */
  readonly base: readonly number[];
  readonly rows: readonly ExplainedRow[];
  /** Mean |phi| over the explained rows: features × outputs, row-major. */
  readonly meanAbs: readonly number[];
  /** Largest |Σphi + base − fx| over rows and outputs. */
  readonly localAccuracyGap: number;
  readonly background: { readonly rows: number; readonly summary: 'all' | 'kmeans' };
  readonly notes: readonly string[];
  readonly ms: number;
}

export interface PermutationReport {
  /** The score permuted features are compared on (higher is better), e.g. "accuracy" or "R²". */
  readonly metric: string;
  readonly baselineScore: number;
  readonly repeats: number;
  readonly granularity: Granularity;
  /** Sorted by mean drop, largest first. */
  readonly features: readonly { readonly name: string; readonly mean: number; readonly std: number; readonly drops: readonly number[] }[];
  readonly rows: number;
  readonly ms: number;
}

export interface PartialDependenceReport {
  /** A source column. */
  readonly feature: string;
  readonly kind: 'numeric' | 'categorical';
  readonly grid: readonly (number | string)[];
  readonly outputs: readonly string[];
  /** grid × outputs, row-major. */
  readonly average: readonly number[];
  /** Individual conditional expectation curves for up to `iceRows` rows: grid × outputs each. */
  readonly ice: readonly { readonly row: number; readonly values: readonly number[] }[];
  readonly space: 'probability' | 'value' | 'score';
  readonly rows: number;
  readonly ms: number;
}

/** The fairness report (fairness.ts) for the test split, with its row count. */
export type FairnessReportData = FairnessReport & { readonly rows: number };
