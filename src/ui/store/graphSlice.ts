/**
 * The pipeline graph being edited (issue 3): core's History (the graph plus undo/redo stacks), the
 * canvas selection, the clipboard, and the reason the last edit was refused. Every edit is a core
 * GraphCommand run through `execute` (or several as one undo step, graphEdits.executeBatch); this
 * slice decides nothing about graphs itself.
 *
 * The graph is not yet part of the saved ProjectDocument (v1): it starts from `migrateV1ToV2` of the
 * project whenever a dataset or project file brings a new project (actions.ts calls `resetGraph`).
 */
import type { StateCreator } from 'zustand';
import { checkConnection } from '../../core/models/layers/checkConnection';
import { clipboardOf, connectionError, type ConnectionRequest, type GraphCommand } from '../../core/pipeline/graph/commands';
import { createHistory, redo, undo, type History } from '../../core/pipeline/graph/history';
import { createIdGenerator } from '../../core/pipeline/graph/ids';
import { migrateV1ToV2 } from '../../core/pipeline/graph/migrate';
import type { KindLookup } from '../../core/pipeline/graph/pipelineNodes';
import type { EdgeId, NodeId, PipelineGraph, Position } from '../../core/pipeline/graph/schema';
import type { NodePreview } from '../../core/pipeline/graphExperiment';
import { layerSubgraph } from '../../core/pipeline/graph/validate';
import type { ModelContext } from '../features/graph/analysis';
import { EDITOR_KINDS } from '../features/graph/editorKinds';
import { addedNodeIds, executeBatch, executeMerged, freePosition, replaceGraphCommands } from '../features/graph/graphEdits';
import { buildTemplate, type TemplateId, type TemplateOptions } from '../features/graph/templates';
import { selectModelContext } from './graphSelectors';
import { emptyProject } from './projectSlice';
import type { StudioState } from './store';

export interface GraphSelection {
  readonly nodes: readonly NodeId[];
  readonly edges: readonly EdgeId[];
}

export const NO_SELECTION: GraphSelection = { nodes: [], edges: [] };

/** Where copies land relative to their originals, per paste (canvas pixels). */
export const PASTE_STEP = 40;

/**
 * The inspector's preview of one node's output (actions.previewNode). `request` identifies the call:
 * an answer whose request is no longer the current one is dropped.
 */
export type NodePreviewState =
  | { readonly status: 'loading'; readonly nodeId: NodeId; readonly request: number }
  | { readonly status: 'done'; readonly nodeId: NodeId; readonly request: number; readonly preview: NodePreview }
  | { readonly status: 'failed'; readonly nodeId: NodeId; readonly request: number; readonly error: string };

export interface GraphSlice {
  /** The graph (`graphHistory.graph`) and its undo/redo stacks; replaced, never mutated. */
  graphHistory: History;
  graphSelection: GraphSelection;
  /** Why the last edit was refused ("Cannot connect: …"); cleared by the next accepted edit. */
  graphNotice: string | null;
  /** What Copy took, and how many times it has been pasted (each paste lands one step further). */
  graphClipboard: { readonly content: PipelineGraph; readonly pastes: number } | null;
  /** The registries commands and validation use (tests inject a small one). */
  graphKinds: KindLookup;
  /** Fresh readable ids (`dense_3`); a new generator per reset graph. */
  graphNewId: (hint: string) => string;
  /** The last field edit (`nodeId/field`) and the history it left: a next edit of it merges into it. */
  graphLastEdit: { readonly key: string; readonly history: History } | null;
  /** The selected node's output preview; cleared when what it shows changes (store.ts). */
  nodePreview: NodePreviewState | null;

  /** Starts editing `graph` with an empty history (a loaded project, a test). */
  resetGraph: (graph: PipelineGraph) => void;
  /** Runs one command through the history; false (and `graphNotice` set) when refused. */
  runGraphCommand: (cmd: GraphCommand) => boolean;
  /**
   * The inspector's edit of one field (`setParams` or `setLabel`): successive edits of the same field,
   * with nothing else in between, are one undo step.
   */
  editGraphField: (key: string, cmd: Extract<GraphCommand, { type: 'setParams' | 'setLabel' }>) => boolean;
  undoGraph: () => void;
  redoGraph: () => void;
  selectGraph: (selection: GraphSelection) => void;
  /** Adds a node of `kind` at `at`, or at the first free spot near it, and selects it. */
  addGraphNode: (kind: string, at: Position) => boolean;
  /**
   * Adds an edge after core's connection rules and, between two layers, the shape check of
   * models/layers (a Dense into an LSTM is refused with the reason). Refusals read "Cannot connect: …".
   */
  connectGraph: (req: ConnectionRequest) => boolean;
  /** Removes the selected nodes (with their edges) and the selected edges, as one undo step. */
  deleteGraphSelection: () => void;
  duplicateGraphSelection: () => void;
  copyGraphSelection: () => void;
  pasteGraphClipboard: () => void;
  /** Replaces the whole graph by a template, as one undo step. */
  applyGraphTemplate: (id: TemplateId, options?: TemplateOptions) => void;
  dismissGraphNotice: () => void;
}

/** The graph a fresh page shows: the default pipeline of the placeholder project. */
export function initialGraph(): PipelineGraph {
  return migrateV1ToV2(emptyProject()).graph;
}

export const createGraphSlice: StateCreator<StudioState, [], [], GraphSlice> = (set, get) => {
  const ctx = () => ({ kinds: get().graphKinds, newId: get().graphNewId });
  /** Applies an edit's outcome: the new history, the refusal message, and optionally a new selection. */
  const commit = (history: History, error: string | null, prefix: string | null = null, selection?: GraphSelection): boolean => {
    if (error !== null) {
      set({ graphNotice: prefix ? `${prefix}: ${error}` : error });
      return false;
    }
    set({ graphHistory: history, graphNotice: null, ...(selection ? { graphSelection: selection } : {}) });
    return true;
  };
  const run = (cmds: readonly GraphCommand[], prefix: string | null = null, select?: (after: PipelineGraph) => GraphSelection) => {
    const before = get().graphHistory;
    const { history, error } = executeBatch(before, cmds, ctx());
    return commit(history, error, prefix, error === null && select ? select(history.graph) : undefined);
  };
  /** The selection without ids the graph no longer has (after undo, redo or a delete). */
  const pruned = (graph: PipelineGraph, sel: GraphSelection): GraphSelection => {
    const nodes = new Set<string>(graph.nodes.map((n) => n.id));
    const edges = new Set<string>(graph.edges.map((e) => e.id));
    const next = { nodes: sel.nodes.filter((id) => nodes.has(id)), edges: sel.edges.filter((id) => edges.has(id)) };
    return next.nodes.length === sel.nodes.length && next.edges.length === sel.edges.length ? sel : next;
  };

  const start = initialGraph();
  return {
    graphHistory: createHistory(start),
    graphSelection: NO_SELECTION,
    graphNotice: null,
    graphClipboard: null,
    graphKinds: EDITOR_KINDS,
    graphNewId: createIdGenerator(start),
    graphLastEdit: null,
    nodePreview: null,

    resetGraph: (graph) =>
      set({
        graphHistory: createHistory(graph),
        graphNewId: createIdGenerator(graph),
        graphSelection: NO_SELECTION,
        graphNotice: null,
        graphLastEdit: null,
      }),

    runGraphCommand: (cmd) => run([cmd]),

    editGraphField: (key, cmd) => {
      const { graphHistory: h, graphLastEdit: last } = get();
      const merge = last !== null && last.key === key && last.history === h;
      const { history, error } = merge ? executeMerged(h, cmd, ctx()) : executeBatch(h, [cmd], ctx());
      if (!commit(history, error)) return false;
      set({ graphLastEdit: { key, history } });
      return true;
    },

    undoGraph: () => {
      const h = undo(get().graphHistory);
      set({ graphHistory: h, graphNotice: null, graphSelection: pruned(h.graph, get().graphSelection) });
    },
    redoGraph: () => {
      const h = redo(get().graphHistory);
      set({ graphHistory: h, graphNotice: null, graphSelection: pruned(h.graph, get().graphSelection) });
    },

    selectGraph: (selection) => set({ graphSelection: selection }),

    addGraphNode: (kind, at) => {
      const graph = get().graphHistory.graph;
      return run([{ type: 'addNode', kind, position: freePosition(graph, at) }], 'Cannot add the node', (after) => ({
        nodes: addedNodeIds(graph, after),
        edges: [],
      }));
    },

    connectGraph: (req) => {
      const { graphHistory, graphKinds: kinds } = get();
      const graph = graphHistory.graph;
      const reason = connectionError(graph, req, kinds) ?? layerReason(graph, req, kinds, selectModelContext(get()));
      if (reason !== null) {
        set({ graphNotice: `Cannot connect: ${reason}` });
        return false;
      }
      return run([{ type: 'connect', ...req }], 'Cannot connect');
    },

    deleteGraphSelection: () => {
      const { graphHistory, graphSelection: sel } = get();
      const doomed = new Set<string>(sel.nodes);
      const edges = graphHistory.graph.edges.filter((e) => sel.edges.includes(e.id) && !doomed.has(e.source) && !doomed.has(e.target));
      const cmds: GraphCommand[] = [];
      if (edges.length > 0) cmds.push({ type: 'disconnect', edgeIds: edges.map((e) => e.id) });
      if (sel.nodes.length > 0) cmds.push({ type: 'removeNodes', nodeIds: sel.nodes });
      if (cmds.length === 0) return;
      run(cmds, 'Cannot delete', () => NO_SELECTION);
    },

    duplicateGraphSelection: () => {
      const { graphHistory, graphSelection: sel } = get();
      if (sel.nodes.length === 0) return;
      const graph = graphHistory.graph;
      run([{ type: 'duplicateNodes', nodeIds: sel.nodes }], 'Cannot duplicate', (after) => ({ nodes: addedNodeIds(graph, after), edges: [] }));
    },

    copyGraphSelection: () => {
      const { graphHistory, graphSelection: sel } = get();
      if (sel.nodes.length === 0) return;
      set({ graphClipboard: { content: clipboardOf(graphHistory.graph, sel.nodes), pastes: 0 } });
    },

    pasteGraphClipboard: () => {
      const { graphHistory, graphClipboard: clip } = get();
      if (!clip) return;
      const graph = graphHistory.graph;
      const step = PASTE_STEP * (clip.pastes + 1);
      const ok = run([{ type: 'paste', clipboard: clip.content, offset: { x: step, y: step } }], 'Cannot paste', (after) => ({
        nodes: addedNodeIds(graph, after),
        edges: [],
      }));
      if (ok) set({ graphClipboard: { content: clip.content, pastes: clip.pastes + 1 } });
    },

    applyGraphTemplate: (id, options = {}) => {
      const { graphHistory, graphKinds } = get();
      const template = buildTemplate(id, graphKinds, options);
      run(replaceGraphCommands(graphHistory.graph, template), 'Cannot use the template', () => NO_SELECTION);
    },

    dismissGraphNotice: () => set({ graphNotice: null }),
  };
};

/**
 * Between two layer nodes, models/layers' checkConnection against the current layer graph (it also
 * checks that the target can take the shape arriving); null for any other connection, or when fine.
 */
function layerReason(graph: PipelineGraph, req: ConnectionRequest, kinds: KindLookup, model: ModelContext): string | null {
  const isLayer = (id: NodeId) => kinds(graph.nodes.find((n) => n.id === id)?.kind ?? '')?.category === 'layer';
  if (!isLayer(req.source) || !isLayer(req.target)) return null;
  // Without a task the head cannot be sized; any task tells whether the shapes fit, which is all this asks.
  const target = model.target ?? { task: 'regression' as const, nClasses: 2 };
  const edge = { source: req.source, target: req.target, targetPort: req.targetPort };
  return checkConnection(layerSubgraph(graph, kinds), edge, model.inputShape, target);
}
