/**
 * Metric records, named in snake_case because they are written as-is to metrics.json (README) and
 * shown in the UI. Every number is computed by this project's own code (metrics.ts).
 */
export interface PerClassMetrics {
  readonly class: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationMetrics {
  readonly kind: 'classification';
  readonly n: number;
  readonly accuracy: number;
  readonly precision_macro: number;
  readonly recall_macro: number;
  readonly f1_macro: number;
  /** Binary: ROC-AUC of the positive (second) class. Multiclass: macro one-vs-rest. null when undefined
   * (only one class present in y_true). */
  readonly roc_auc: number | null;
  readonly log_loss: number;
  readonly per_class: readonly PerClassMetrics[];
  /** confusion_matrix[trueClass][predictedClass], classes in `classes` order. */
  readonly confusion_matrix: readonly (readonly number[])[];
  readonly classes: readonly string[];
}

export interface RegressionMetrics {
  readonly kind: 'regression';
  readonly n: number;
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
}

/**
 * An anomaly detector scored against a binary label (0 normal, 1 anomaly): how well its score ranks
 * the anomalies above the normal rows, and what its threshold flags (score strictly above it).
 */
export interface AnomalyMetrics {
  readonly kind: 'anomaly';
  readonly n: number;
  /** Rows labelled anomalous (the positive, second class). */
  readonly n_anomalies: number;
  /** Probability that a random anomaly scores above a random normal row (ties count half); null with one label only. */
  readonly roc_auc: number | null;
  /** sklearn's average_precision_score: precision averaged over the recall steps; null without anomalies. */
  readonly average_precision: number | null;
  /** Rows scoring above it are flagged (a quantile of the normal training rows' scores). */
  readonly threshold: number;
  /** Rows flagged as anomalies. */
  readonly flagged: number;
  /** Of the flagged rows, the share that are anomalies (0 when none is flagged). */
  readonly precision: number;
  /** Of the anomalies, the share flagged (0 when there are none). */
  readonly recall: number;
  readonly f1: number;
  /** Mean score of the normal rows and of the anomalies (null when the split has none). */
  readonly mean_score_normal: number | null;
  readonly mean_score_anomaly: number | null;
  /** [normal class, anomaly class], as the target's classes. */
  readonly classes: readonly string[];
}

export type Metrics = ClassificationMetrics | RegressionMetrics | AnomalyMetrics;

/** Row indices of each split, disjoint, each sorted ascending. */
export interface SplitIndices {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}
