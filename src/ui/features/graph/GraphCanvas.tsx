import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { asNodeId, type EdgeId, type NodeId } from '../../../core/pipeline/graph/schema';
import { selectGraph, selectGraphAnalysis } from '../../store/graphSelectors';
import { useStudio } from '../../store/store';
import { toFlowEdges, toFlowNodes, type FlowState, type PipelineFlowNode } from './flowElements';
import { PipelineNode } from './PipelineNode';

/** The drag type a palette button carries: the node kind id. */
export const KIND_DRAG_TYPE = 'application/x-orrery-node-kind';

const NODE_TYPES = { pipeline: PipelineNode };
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1 };
const NO_DRAG: FlowState['dragging'] = {};

/**
 * The canvas: a controlled @xyflow/react view of the store's graph. Positions during a drag and
 * measured sizes are the only state kept here; every edit goes to the store as a graph command
 * (a move once per drag, when it ends). Deleting, copying and undo are the section's shortcuts, so
 * xyflow's own delete key is off.
 */
export function GraphCanvas({ fitSignal, onPaneFocus }: { fitSignal: number; onPaneFocus: () => void }) {
  const graph = useStudio(selectGraph);
  const analysis = useStudio(selectGraphAnalysis);
  const kinds = useStudio((s) => s.graphKinds);
  const selection = useStudio(useShallow((s) => s.graphSelection));
  const { selectGraph: select, connectGraph, runGraphCommand, addGraphNode } = useStudio(
    useShallow((s) => ({ selectGraph: s.selectGraph, connectGraph: s.connectGraph, runGraphCommand: s.runGraphCommand, addGraphNode: s.addGraphNode })),
  );
  const { fitView, screenToFlowPosition } = useReactFlow();

  const [dragging, setDragging] = useState<FlowState['dragging']>(NO_DRAG);
  const [measured, setMeasured] = useState<FlowState['measured']>({});
  const previous = useRef(new Map<string, PipelineFlowNode>());

  const selectedIds = useMemo(() => new Set<string>([...selection.nodes, ...selection.edges]), [selection]);
  const nodes = useMemo(() => {
    const next = toFlowNodes(graph, selectedIds, kinds, analysis, { dragging, measured }, previous.current);
    previous.current = new Map(next.map((n) => [n.id, n]));
    return next;
  }, [graph, selectedIds, kinds, analysis, dragging, measured]);
  const edges = useMemo(() => toFlowEdges(graph, selectedIds, kinds, analysis), [graph, selectedIds, kinds, analysis]);

  // A graph that starts a new history (a loaded project, a fresh page) is shown whole.
  const fresh = useStudio((s) => (s.graphHistory.past.length === 0 && s.graphHistory.future.length === 0 ? s.graphHistory.graph : null));
  useEffect(() => {
    if (fitSignal === 0 && fresh === null) return;
    // After the new nodes are measured.
    const id = requestAnimationFrame(() => void fitView(FIT_OPTIONS));
    return () => cancelAnimationFrame(id);
  }, [fitSignal, fresh, fitView]);

  const onNodesChange = useCallback(
    (changes: NodeChange<PipelineFlowNode>[]) => {
      const moving: Record<string, XYPosition> = {};
      const moved: { id: NodeId; position: XYPosition }[] = [];
      const sizes: Record<string, { width: number; height: number }> = {};
      let selectionChanged = false;
      const current = useStudio.getState().graphSelection;
      const nodeSel = new Set<string>(current.nodes);
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          if (c.dragging) moving[c.id] = c.position;
          else moved.push({ id: asNodeId(c.id), position: { x: Math.round(c.position.x), y: Math.round(c.position.y) } });
        } else if (c.type === 'dimensions' && c.dimensions) {
          sizes[c.id] = c.dimensions;
        } else if (c.type === 'select') {
          selectionChanged = true;
          if (c.selected) nodeSel.add(c.id);
          else nodeSel.delete(c.id);
        }
      }
      if (Object.keys(moving).length > 0) setDragging((d) => ({ ...d, ...moving }));
      if (Object.keys(sizes).length > 0) setMeasured((m) => ({ ...m, ...sizes }));
      if (moved.length > 0) {
        runGraphCommand({ type: 'moveNodes', moves: moved });
        setDragging((d) => {
          const rest = { ...d };
          for (const m of moved) delete rest[m.id];
          return Object.keys(rest).length === 0 ? NO_DRAG : rest;
        });
      }
      if (selectionChanged) {
        const graphNow = useStudio.getState().graphHistory.graph;
        select({ nodes: graphNow.nodes.filter((n) => nodeSel.has(n.id)).map((n) => n.id), edges: current.edges });
      }
    },
    [runGraphCommand, select],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const current = useStudio.getState().graphSelection;
      const edgeSel = new Set<string>(current.edges);
      let changed = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        changed = true;
        if (c.selected) edgeSel.add(c.id);
        else edgeSel.delete(c.id);
      }
      if (!changed) return;
      const graphNow = useStudio.getState().graphHistory.graph;
      select({ nodes: current.nodes, edges: graphNow.edges.filter((e) => edgeSel.has(e.id)).map((e) => e.id as EdgeId) });
    },
    [select],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle || !c.targetHandle) return;
      connectGraph({ source: asNodeId(c.source), sourcePort: c.sourceHandle, target: asNodeId(c.target), targetPort: c.targetHandle });
    },
    [connectGraph],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(KIND_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(KIND_DRAG_TYPE);
      if (!kind) return;
      e.preventDefault();
      const at = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addGraphNode(kind, { x: Math.round(at.x), y: Math.round(at.y) });
    },
    [screenToFlowPosition, addGraphNode],
  );

  return (
    <div className="graph-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<PipelineFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={onPaneFocus}
        onSelectionEnd={onPaneFocus}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta']}
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: false }}
        aria-label="Pipeline canvas"
      >
        <Background />
        <Controls aria-label="Canvas controls" />
        <MiniMap pannable zoomable ariaLabel="Pipeline overview" />
      </ReactFlow>
    </div>
  );
}
