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

export type Metrics = ClassificationMetrics | RegressionMetrics;

/** Row indices of each split, disjoint, each sorted ascending. */
export interface SplitIndices {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}
