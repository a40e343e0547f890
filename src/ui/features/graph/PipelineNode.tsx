import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { PortSpec } from '../../../core/pipeline/nodeKind';
import { formatCount } from './analysis';
import type { PipelineFlowNode } from './flowElements';

/** How a port is named for screen readers and tests: `dense_1: input "in" (tensor)`. */
export const portAriaLabel = (nodeId: string, direction: 'input' | 'output', port: PortSpec): string =>
  `${nodeId}: ${direction} "${port.id}" (${port.type})`;

function Ports({ nodeId, ports, direction }: { nodeId: string; ports: readonly PortSpec[]; direction: 'input' | 'output' }) {
  return ports.map((port, i) => (
    <Handle
      key={port.id}
      id={port.id}
      type={direction === 'input' ? 'target' : 'source'}
      position={direction === 'input' ? Position.Left : Position.Right}
      className={`port port-${port.type}${port.many ? ' port-many' : ''}`}
      style={{ top: `${((i + 1) / (ports.length + 1)) * 100}%` }}
      aria-label={portAriaLabel(nodeId, direction, port)}
      title={`${direction === 'input' ? 'Input' : 'Output'} "${port.id}": ${port.type}${port.many ? ' (several connections)' : ''}`}
    />
  ));
}

/** One pipeline node on the canvas: title, kind, typed ports, layer shape and weights, and its problems. */
export const PipelineNode = memo(function PipelineNode({ data, selected }: NodeProps<PipelineFlowNode>) {
  const classes = ['pipeline-node', `category-${data.category ?? 'unknown'}`];
  if (selected) classes.push('selected');
  if (data.problems.length > 0) classes.push('has-problems');
  return (
    <div className={classes.join(' ')}>
      <Ports nodeId={data.nodeId} ports={data.inputs} direction="input" />
      <div className="node-title">{data.title}</div>
      <div className="node-kind">
        {data.kindLabel}
        <span className="node-id"> · {data.nodeId}</span>
      </div>
      {(data.shape !== null || data.paramCount !== null) && (
        <div className="node-stats">
          {data.shape !== null && <span>{data.shape}</span>}
          {data.paramCount !== null && <span>{formatCount(data.paramCount)} params</span>}
        </div>
      )}
      {data.problems.length > 0 && (
        <ul className="node-problems">
          {data.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {data.warnings.length > 0 && (
        <ul className="node-warnings">
          {data.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <Ports nodeId={data.nodeId} ports={data.outputs} direction="output" />
    </div>
  );
});
