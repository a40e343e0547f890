/**
 * The contract shared by the Shapley explainers (exact, KernelSHAP, linear) and their callers: a model
 * seen only as a batch function over flat float rows, a weighted background sample that stands for
 * "absent" values, players (sets of input positions switched on and off together) and the attribution
 * record every method returns. Nothing here knows about tfjs, so the same code runs on any model: a
 * tfjs network in the worker, a classical model, or a plain closure in a test.
 */

/**
 * Evaluates n rows of d values each (row-major) and returns n × k outputs (row-major). May be async
 * (a tfjs model in a worker). Rows must be scored independently of each other (inference mode), and the
 * function may keep or transfer `x`: explainers never reuse a buffer after passing it.
 */
export type BatchModel = (x: Float32Array, n: number) => Float32Array | Promise<Float32Array>;

/** Rows the "absent" features are drawn from; weights sum to 1 (k-means summaries are weighted). */
export interface Background {
  readonly x: Float32Array;
  readonly n: number;
  readonly d: number;
  readonly weights: Float64Array;
}

/**
 * A player = a set of positions of the d-vector that are present/absent together (e.g. one one-hot
 * group, or one feature across a time window). Players are disjoint; positions not in any player are
 * always taken from x (present).
 */
export type Players = readonly (readonly number[])[];

export interface Attribution {
  /** players × k, row-major: phi[p * k + o] */
  readonly phi: Float64Array;
  /**
   * v(∅) per output: the weighted background mean of f with every player absent. Equals E_background[f]
   * when the players cover all d positions; positions outside every player keep x's values here too.
   */
  readonly base: Float64Array;
  /** f(x) per output (for the model-agnostic methods, v(all players) = Σ_b w_b f(x), which is f(x) up to rounding) */
  readonly fx: Float64Array;
  /** max over outputs of |sum(phi) + base - fx| */
  readonly localAccuracyGap: number;
  readonly k: number;
}

/** Progress is reported in coalitions evaluated (of `total`) after every model call. */
export interface ExplainControl {
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled before every model call; true → the explainer throws an Error named 'AbortError' ('Cancelled.'). */
  readonly shouldStop?: () => boolean;
}

/** The methods `chooseMethod` picks from ('gradient' is implemented in gradient.ts). */
export type ExplainMethod = 'exact' | 'kernel' | 'linear' | 'gradient';
/** How the model was built: 'linear' covers linear and logistic regression. */
export type ExplainModelKind = 'linear' | 'mlp' | 'graph' | 'baseline';
