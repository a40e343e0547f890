/**
 * Selectors of the graph slice. The analysis (validation + shapes) is derived here once per graph and
 * model context, memoized on their identities, so every component that shows part of it shares one
 * computation and zustand sees a stable result.
 */
import type { NodeKindDef } from '../../core/pipeline/nodeKind';
import type { GraphNode, PipelineGraph } from '../../core/pipeline/graph/schema';
import { analyzeGraph, modelContextOf, type GraphAnalysis, type ModelContext } from '../features/graph/analysis';
import { effectiveKindOf } from './selectors';
import type { StudioState } from './store';

export const selectGraph = (s: StudioState): PipelineGraph => s.graphHistory.graph;
export const selectCanUndo = (s: StudioState): boolean => s.graphHistory.past.length > 0;
export const selectCanRedo = (s: StudioState): boolean => s.graphHistory.future.length > 0;
export const selectHasGraphSelection = (s: StudioState): boolean => s.graphSelection.nodes.length + s.graphSelection.edges.length > 0;

/** The one selected node (the inspector's subject), or null when none or several are selected. */
export function selectInspectedNode(s: StudioState): GraphNode | null {
  if (s.graphSelection.nodes.length !== 1) return null;
  const id = s.graphSelection.nodes[0];
  return s.graphHistory.graph.nodes.find((n) => n.id === id) ?? null;
}

export function selectInspectedDef(s: StudioState): NodeKindDef | null {
  const node = selectInspectedNode(s);
  return node ? (s.graphKinds(node.kind) ?? null) : null;
}

let lastContext: { inputs: readonly unknown[]; context: ModelContext } | null = null;

/**
 * The feature shape and task the model sees (see modelContextOf). Recomputed only when the data, the
 * profile, the last result, the target, the task or the column kinds change (selectors run on every
 * store update, including training progress), and the same object while the values hold.
 */
export function selectModelContext(s: StudioState): ModelContext {
  const inputs = [s.summary, s.profile, s.result, s.project.target, s.project.task, s.project.dataset.columnKinds];
  if (lastContext && inputs.every((x, i) => x === lastContext!.inputs[i])) return lastContext.context;
  const target = s.project.target;
  const run =
    s.result && s.result.target === target ? { encodedFeatures: s.result.features.encoded.length, classes: s.result.classes?.length ?? null } : null;
  const next = modelContextOf({
    columns: (s.summary?.columns ?? []).map((c) => ({ name: c.name, kind: effectiveKindOf(s, c.name) ?? c.inferred.kind })),
    target,
    task: s.project.task,
    targetLevels: s.profile?.columns.find((c) => c.name === target)?.unique ?? null,
    run,
  });
  const prev = lastContext?.context;
  const same =
    prev !== undefined &&
    prev.inputEstimated === next.inputEstimated &&
    prev.inputShape.join() === next.inputShape.join() &&
    prev.target?.task === next.target?.task &&
    prev.target?.nClasses === next.target?.nClasses;
  lastContext = { inputs, context: same ? prev : next };
  return lastContext.context;
}

let memo: { graph: PipelineGraph; kinds: StudioState['graphKinds']; context: ModelContext; analysis: GraphAnalysis } | null = null;

/** validateGraph + layer shapes of the current graph (analysis.ts), computed once per change. */
export function selectGraphAnalysis(s: StudioState): GraphAnalysis {
  const graph = s.graphHistory.graph;
  const context = selectModelContext(s);
  if (memo && memo.graph === graph && memo.kinds === s.graphKinds && memo.context === context) return memo.analysis;
  const analysis = analyzeGraph(graph, s.graphKinds, context);
  memo = { graph, kinds: s.graphKinds, context, analysis };
  return analysis;
}
