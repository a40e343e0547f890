import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { connectionError } from '../../../core/pipeline/graph/commands';
import { asNodeId, type EdgeId, type GraphNode, type JsonValue } from '../../../core/pipeline/graph/schema';
import type { NodeCategory, NodeKindDef, PortSpec } from '../../../core/pipeline/nodeKind';
import { selectGraph, selectGraphAnalysis, selectInspectedDef, selectInspectedNode } from '../../store/graphSelectors';
import { useStudio } from '../../store/store';
import { formatCount } from './analysis';
import { displayParams, editParam, fieldsFor } from './paramFields';
import { NodePreviewPanel } from './NodePreviewPanel';
import { ParamField } from './ParamField';

/**
 * The selected node's parameters as labelled fields (paramFields.ts maps the kind's zod schema to
 * controls), its name, shape and weights, its problems, and its input connections (a keyboard way to
 * connect ports). Every change goes through the kind's schema first and then a setParams command.
 */
export function Inspector() {
  const node = useStudio(selectInspectedNode);
  const def = useStudio(selectInspectedDef);
  const count = useStudio((s) => s.graphSelection.nodes.length);
  const headingId = useId();
  return (
    <section className="inspector" aria-labelledby={headingId}>
      <h3 id={headingId}>Inspector</h3>
      {node === null ? (
        <p className="hint">
          {count > 1 ? `${count} nodes selected: Delete, Duplicate and Copy act on all of them.` : 'Select a node on the canvas to see and edit its parameters.'}
        </p>
      ) : (
        <NodeInspector key={node.id} node={node} def={def} />
      )}
    </section>
  );
}

/** Nodes whose output is a table the worker can preview (the model's layers output tensors). */
const PREVIEWABLE: ReadonlySet<NodeCategory> = new Set(['source', 'feature', 'split']);

function NodeInspector({ node, def }: { node: GraphNode; def: NodeKindDef | null }) {
  const { editGraphField, columns, target } = useStudio(
    useShallow((s) => ({ editGraphField: s.editGraphField, columns: s.summary?.columns, target: s.project.target })),
  );
  const analysis = useStudio(selectGraphAnalysis);
  const names = useMemo(() => (columns ?? []).map((c) => c.name).filter((c) => c !== target), [columns, target]);
  const nameId = useId();

  if (!def) {
    return (
      <div>
        <p className="node-heading">{node.kind}</p>
        <p className="field-error">This node's kind "{node.kind}" is unknown to this version of Orrery: delete it to run the pipeline.</p>
      </div>
    );
  }
  const params = displayParams(def, node.params);
  const fields = fieldsFor(def, node.params);
  const shape = analysis.shapes[node.id];
  const weights = analysis.params[node.id];
  const problems = analysis.nodeProblems.get(node.id) ?? [];
  const tryEdit = (name: string) => (value: JsonValue) => {
    const edit = editParam(def, node.params, name, value, names[0] !== undefined ? { firstColumn: names[0] } : {});
    if (!edit.ok) return edit.message;
    editGraphField(`${node.id}/${name}`, { type: 'setParams', nodeId: node.id, params: edit.params });
    return null;
  };

  return (
    <div>
      <p className="node-heading">
        {def.label} <span className="muted">({node.id})</span>
      </p>
      <p className="hint">{def.help}</p>
      <div className="field">
        <label htmlFor={nameId}>Node name</label>
        <input
          id={nameId}
          type="text"
          value={node.label ?? ''}
          placeholder={def.label}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => editGraphField(`${node.id}/(label)`, { type: 'setLabel', nodeId: node.id, label: e.target.value })}
        />
      </div>
      {def.category === 'layer' && (
        <p className="node-facts">
          Output: {shape?.ok ? `[batch, ${shape.shape.join(', ')}]` : 'unknown'}
          {weights !== undefined && <> · {formatCount(weights)} parameters</>}
        </p>
      )}
      {def.kind === 'evaluate' && (
        <p className="hint">Target: {target ?? 'not chosen'} (set it under “Target and task”).</p>
      )}
      {PREVIEWABLE.has(def.category) && <NodePreviewPanel nodeId={node.id} />}
      {problems.length > 0 && (
        <ul className="inspector-problems" aria-label="Problems of this node">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {fields.length === 0 && <p className="hint">This node has no parameters.</p>}
      {fields.map((f) => (
        <ParamField key={f.name} field={f} value={params[f.name]} columns={names} onEdit={tryEdit(f.name)} />
      ))}
      {def.inputs.length > 0 && <InputConnections node={node} ports={def.inputs} />}
    </div>
  );
}

/** Each input port's connections, with Disconnect buttons and a select to connect a compatible output. */
function InputConnections({ node, ports }: { node: GraphNode; ports: readonly PortSpec[] }) {
  const graph = useStudio(selectGraph);
  const kinds = useStudio((s) => s.graphKinds);
  const { connectGraph, runGraphCommand } = useStudio(useShallow((s) => ({ connectGraph: s.connectGraph, runGraphCommand: s.runGraphCommand })));
  const baseId = useId();
  return (
    <fieldset className="connections">
      <legend>Inputs</legend>
      {ports.map((port) => {
        const arriving = graph.edges.filter((e) => e.target === node.id && e.targetPort === port.id);
        const candidates = graph.nodes.flatMap((n) =>
          (kinds(n.kind)?.outputs ?? [])
            .filter((out) => connectionError(graph, { source: n.id, sourcePort: out.id, target: node.id, targetPort: port.id }, kinds) === null)
            .map((out) => ({ value: `${n.id}\u0000${out.id}`, text: `${n.label ?? kinds(n.kind)?.label ?? n.kind} (${n.id})${out.id === 'out' ? '' : ` ${out.id}`}` })),
        );
        const selectId = `${baseId}-${port.id}`;
        return (
          <div key={port.id} className="field">
            <span className="port-name">
              “{port.id}” ({port.type}
              {port.many ? ', several' : ''})
            </span>
            {arriving.length === 0 && <span className="hint">Not connected.</span>}
            <ul className="connection-list">
              {arriving.map((e) => (
                <li key={e.id}>
                  from {e.source}
                  {e.sourcePort === 'out' ? '' : ` (${e.sourcePort})`}{' '}
                  <button type="button" className="link-button" onClick={() => runGraphCommand({ type: 'disconnect', edgeIds: [e.id as EdgeId] })}>
                    Disconnect {e.source}
                  </button>
                </li>
              ))}
            </ul>
            {candidates.length > 0 && (
              <>
                <label htmlFor={selectId}>Connect to “{port.id}”</label>
                <select
                  id={selectId}
                  value=""
                  onChange={(e) => {
                    const [source, sourcePort] = e.target.value.split('\u0000');
                    if (source && sourcePort) connectGraph({ source: asNodeId(source), sourcePort, target: node.id, targetPort: port.id });
                  }}
                >
                  <option value="">Choose an output…</option>
                  {candidates.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.text}
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
