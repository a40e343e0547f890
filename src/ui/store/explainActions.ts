/**
 * The Explain panel's commands (issue #4): attributions, permutation importance, partial dependence
 * and fairness of the last trained model, asked of the worker (which keeps the model). At most one
 * request of each kind is in flight: a newer one cancels the older, and an answer that is no longer
 * current is dropped. A failed or cancelled request keeps the previous report. When the run's result
 * changes (a new run, new data, an opened project), every report is cleared and what still runs is
 * cancelled (the subscription at the end), so no report describes another model than the one shown.
 */
import type { CallOptions } from '../../worker/client';
import type { WorkerEvent } from '../../worker/protocol';
import { studio } from '../studio';
import { errorText, isAbortError } from './actions';
import { NO_INSIGHTS, type InsightKind, type InsightReport, type InsightState } from './explainSlice';
import { useStudio } from './store';

const get = useStudio.getState;
const set = useStudio.setState;

/** Grid points of a partial-dependence curve, and how many ICE rows come with it (the cap). */
export const PDP_POINTS = 20;
export const ICE_ROWS = 50;

/**
 * Progress reaches the store at most this often (ms), besides the last step: the worker reports every
 * explained row or shuffle, and each store update runs every subscribed selector on the main thread.
 */
export const PROGRESS_EVERY_MS = 100;

const controllers: { [K in InsightKind]?: AbortController } = {};
let requests = 0;

function patch<K extends InsightKind>(kind: K, change: Partial<InsightState<InsightReport<K>>>): void {
  set((s) => ({ insights: { ...s.insights, [kind]: { ...s.insights[kind], ...change } } }));
}

/** Runs one request of `kind`, streaming its progress into the slice. */
async function runInsight<K extends InsightKind>(kind: K, call: (options: CallOptions) => Promise<InsightReport<K>>): Promise<void> {
  const s = get();
  if (s.result === null || s.runStatus === 'running') return;
  controllers[kind]?.abort();
  const controller = new AbortController();
  controllers[kind] = controller;
  const request = ++requests;
  const current = () => get().insights[kind].request === request;
  patch(kind, { request, progress: null, error: null, notice: null });
  let shown = -Infinity;
  const onEvent = (e: WorkerEvent): void => {
    if (e.type !== 'progress' || !current()) return;
    const now = performance.now();
    if (now - shown < PROGRESS_EVERY_MS && e.done !== e.total) return;
    shown = now;
    patch(kind, { progress: { phase: e.phase, done: e.done, total: e.total } });
  };
  try {
    const report = await call({ signal: controller.signal, onEvent });
    if (current()) patch(kind, { report, request: null, progress: null });
  } catch (e) {
    if (!current()) return;
    const kept = get().insights[kind].report !== null;
    if (isAbortError(e)) patch(kind, { request: null, progress: null, notice: kept ? 'Cancelled. The previous report is kept.' : 'Cancelled.' });
    else patch(kind, { request: null, progress: null, error: errorText(e) });
  } finally {
    if (controllers[kind] === controller) delete controllers[kind];
  }
}

/** Attributions (SHAP values) for test rows, with the panel's method, background, rows and granularity. */
export function explain(): Promise<void> {
  const { explainSettings: o, project } = get();
  const params = { method: o.method, background: o.background, maxRows: o.maxRows, granularity: o.granularity, seed: project.seed };
  return runInsight('explanation', (options) => studio().call('explain', params, options));
}

/** Permutation importance on the test split (at the panel's granularity and repeats). */
export function computeImportance(): Promise<void> {
  const { explainSettings: o, project } = get();
  const params = { repeats: o.repeats, granularity: o.granularity, seed: project.seed };
  return runInsight('importance', (options) => studio().call('permutationImportance', params, options));
}

/** Partial dependence (average and ICE curves) of one of the model's source columns. */
export function computeDependence(feature: string): Promise<void> {
  const params = { feature, maxPoints: PDP_POINTS, iceRows: ICE_ROWS, seed: get().project.seed };
  return runInsight('dependence', (options) => studio().call('partialDependence', params, options));
}

/** Group fairness of the test predictions over the chosen columns. */
export function computeFairness(columns: readonly string[], positive: string | null = null): Promise<void> {
  return runInsight('fairness', (options) => studio().call('fairness', { columns: [...columns], ...(positive !== null ? { positive } : {}) }, options));
}

/** Cancels the request of `kind` in flight, if any (its previous report stays). */
export function cancelInsight(kind: InsightKind): void {
  controllers[kind]?.abort();
}

// Reports describe one trained model: another result (or none) clears them and cancels what runs.
useStudio.subscribe((s, prev) => {
  if (s.result === prev.result) return;
  for (const kind of Object.keys(controllers) as InsightKind[]) {
    controllers[kind]?.abort();
    delete controllers[kind];
  }
  if (s.insights !== NO_INSIGHTS) set({ insights: NO_INSIGHTS });
});
