import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Section } from '../../components/Section';
import { selectCanRedo, selectCanUndo, selectGraphAnalysis, selectModelContext } from '../../store/graphSelectors';
import { useStudio } from '../../store/store';
import { formatCount } from './analysis';
import { GraphCanvas } from './GraphCanvas';
import { NODE_FOOTPRINT } from './graphEdits';
import { Inspector } from './Inspector';
import { NodePalette } from './NodePalette';
import { TEMPLATES, type TemplateId } from './templates';

/**
 * The visual pipeline editor: toolbar, node palette, canvas and inspector, with the graph's problems
 * and the model's size underneath. Keyboard shortcuts act anywhere in the section except in form
 * fields (where the browser's own undo and copy apply).
 */
export function PipelineSection() {
  return (
    <Section title="Pipeline" className="pipeline">
      <ReactFlowProvider>
        <PipelineEditor />
      </ReactFlowProvider>
    </Section>
  );
}

const isFormField = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

function PipelineEditor() {
  const actions = useStudio(
    useShallow((s) => ({
      undo: s.undoGraph,
      redo: s.redoGraph,
      del: s.deleteGraphSelection,
      duplicate: s.duplicateGraphSelection,
      copy: s.copyGraphSelection,
      paste: s.pasteGraphClipboard,
      add: s.addGraphNode,
      run: s.runGraphCommand,
      template: s.applyGraphTemplate,
    })),
  );
  const { screenToFlowPosition } = useReactFlow();
  const canvasBox = useRef<HTMLDivElement>(null);
  const [fitSignal, setFitSignal] = useState(0);
  const fit = useCallback(() => setFitSignal((n) => n + 1), []);

  const addAtCentre = useCallback(
    (kind: string) => {
      const box = canvasBox.current?.getBoundingClientRect();
      const centre = box ? screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
      actions.add(kind, { x: centre.x - NODE_FOOTPRINT.width / 2, y: centre.y - NODE_FOOTPRINT.height / 2 });
    },
    [actions, screenToFlowPosition],
  );

  const applyTemplate = (id: TemplateId) => {
    actions.template(id, { timeColumn: firstDateColumn() });
    fit();
  };
  const layout = () => {
    actions.run({ type: 'autoLayout' });
    fit();
  };

  // The pane swallows mousedown (panning), and deleting a focused node or edge (or disabling the focused
  // button) drops focus to <body>: either way the section's shortcuts would stop reaching the editor,
  // so the canvas box takes focus then.
  const focusCanvas = useCallback(() => canvasBox.current?.focus({ preventScroll: true }), []);
  const keepFocus = () =>
    requestAnimationFrame(() => {
      const el = document.activeElement;
      if (el === null || el === document.body) focusCanvas();
    });

  const onKeyDown = (e: KeyboardEvent) => {
    if (isFormField(e.target)) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    let handled = true;
    if (mod && key === 'z' && !e.shiftKey) actions.undo();
    else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) actions.redo();
    else if (mod && key === 'd') actions.duplicate();
    else if (mod && key === 'c') actions.copy();
    else if (mod && key === 'v') actions.paste();
    else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) actions.del();
    else handled = false;
    if (handled) {
      e.preventDefault();
      keepFocus();
    }
  };

  return (
    // The shortcuts' home: keydown events bubble here from the canvas, nodes, palette and toolbar.
    <div className="pipeline-editor" onKeyDown={onKeyDown}>
      <Toolbar onTemplate={applyTemplate} onLayout={layout} onAction={keepFocus} />
      <Notice />
      <div className="pipeline-body">
        <NodePalette onAdd={addAtCentre} />
        <div className="pipeline-canvas-box" ref={canvasBox} tabIndex={-1}>
          <GraphCanvas fitSignal={fitSignal} onPaneFocus={focusCanvas} />
        </div>
        <Inspector />
      </div>
      <GraphStatus />
    </div>
  );
}

/** The first column the data marks as dates, for the LSTM forecaster's time column. */
function firstDateColumn(): string {
  const s = useStudio.getState();
  const kinds = s.project.dataset.columnKinds;
  return s.summary?.columns.find((c) => (kinds[c.name] ?? c.inferred.kind) === 'datetime')?.name ?? '';
}

/** Edit buttons (zoom and fit view are the canvas's own controls). */
function Toolbar({ onTemplate, onLayout, onAction }: { onTemplate: (id: TemplateId) => void; onLayout: () => void; onAction: () => void }) {
  const canUndo = useStudio(selectCanUndo);
  const canRedo = useStudio(selectCanRedo);
  const { nodes, edges, clipboard } = useStudio(
    useShallow((s) => ({ nodes: s.graphSelection.nodes.length, edges: s.graphSelection.edges.length, clipboard: s.graphClipboard !== null })),
  );
  const a = useStudio(
    useShallow((s) => ({
      undo: s.undoGraph,
      redo: s.redoGraph,
      del: s.deleteGraphSelection,
      duplicate: s.duplicateGraphSelection,
      copy: s.copyGraphSelection,
      paste: s.pasteGraphClipboard,
    })),
  );
  const templateId = useId();
  return (
    // A button that disables itself (Undo at the start of the history, Delete once nothing is
    // selected) drops focus; onAction hands it to the canvas.
    <div className="pipeline-toolbar" role="toolbar" aria-label="Pipeline tools" onClick={onAction}>
      <label htmlFor={templateId}>Template</label>
      <select
        id={templateId}
        value=""
        onChange={(e) => {
          const t = TEMPLATES.find((x) => x.id === e.target.value);
          if (t) onTemplate(t.id);
        }}
      >
        <option value="">Start from a template…</option>
        {TEMPLATES.map((t) => (
          <option key={t.id} value={t.id} title={t.help}>
            {t.label}
          </option>
        ))}
      </select>
      <span className="toolbar-gap" />
      <button type="button" onClick={a.undo} disabled={!canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={a.redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <span className="toolbar-gap" />
      <button type="button" onClick={a.duplicate} disabled={nodes === 0} aria-keyshortcuts="Control+D" title="Duplicate (Ctrl+D)">
        Duplicate
      </button>
      <button type="button" onClick={a.copy} disabled={nodes === 0} aria-keyshortcuts="Control+C" title="Copy (Ctrl+C)">
        Copy
      </button>
      <button type="button" onClick={a.paste} disabled={!clipboard} aria-keyshortcuts="Control+V" title="Paste (Ctrl+V)">
        Paste
      </button>
      <button type="button" onClick={a.del} disabled={nodes + edges === 0} aria-keyshortcuts="Delete" title="Delete (Delete)">
        Delete
      </button>
      <span className="toolbar-gap" />
      <button type="button" onClick={onLayout}>
        Auto-layout
      </button>
    </div>
  );
}

/** Why the last edit was refused (e.g. a connection), until the next accepted edit or dismissal. */
function Notice() {
  const notice = useStudio((s) => s.graphNotice);
  const dismiss = useStudio((s) => s.dismissGraphNotice);
  if (notice === null) return null;
  return (
    <div className="graph-notice">
      <p role="alert" className="error">
        {notice}
      </p>
      <button type="button" className="link-button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The model's size and, when the graph cannot run, every reason (node problems name their node). */
function GraphStatus() {
  const analysis = useStudio(selectGraphAnalysis);
  const context = useStudio(selectModelContext);
  const graph = useStudio((s) => s.graphHistory.graph);
  const kinds = useStudio((s) => s.graphKinds);
  const graphMode = useStudio((s) => s.pipelineMode === 'graph');
  const where = (id: string | null) => {
    if (id === null) return null;
    const n = graph.nodes.find((x) => x.id === id);
    return <strong>{n ? `${n.label ?? kinds(n.kind)?.label ?? n.kind} (${id})` : id}: </strong>;
  };
  const width = context.inputShape.join(', ');
  return (
    <div className="graph-status">
      <p>
        <output aria-label="Model parameters">
          {analysis.paramsComplete
            ? `Model: ${formatCount(analysis.totalParams)} parameters`
            : `Model: ${formatCount(analysis.totalParams)} parameters so far (layers without a shape are not counted)`}
        </output>
        <span className="muted">
          {' '}
          · input [batch, {width}]{context.inputEstimated ? ' (estimated from the columns until a run encodes the features)' : ''}
        </span>
      </p>
      <div role="status" aria-label="Graph check">
        {analysis.problems.length === 0 ? (
          <p className="ok-line">The graph can run.</p>
        ) : (
          <>
            <p className="blocker">
              Graph cannot run: {where(analysis.problems[0]!.nodeId)}
              {analysis.problems[0]!.message}
            </p>
            {analysis.problems.length > 1 && (
              <ul className="graph-problems">
                {analysis.problems.slice(1).map((p, i) => (
                  <li key={i}>
                    {where(p.nodeId)}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      <p className="hint">
        {graphMode
          ? 'Train runs this graph (Model: “Pipeline graph”). Save project writes it to the file.'
          : 'Train runs the settings under “Model and training” until you change this graph (or choose Model: “Pipeline graph”).'}
      </p>
    </div>
  );
}
