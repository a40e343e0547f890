import { formatNumber } from '../../components/format';
import type { LinearAxis } from './chartScale';

/**
 * A horizontal value axis for the explain charts: vertical grid lines at the ticks from `top` to
 * `bottom`, tick labels under `bottom`, a title at the right, and a darker line at zero when it is in range.
 */
export function XAxis({ axis, top, bottom, title }: { axis: LinearAxis; top: number; bottom: number; title: string }) {
  const zero = axis.min <= 0 && axis.max >= 0 ? axis.scale(0) : null;
  const right = axis.scale(axis.max);
  return (
    <g className="axis">
      {axis.ticks.map((t) => (
        <g key={t}>
          <line className="grid-line" x1={axis.scale(t)} x2={axis.scale(t)} y1={top} y2={bottom} />
          <text x={axis.scale(t)} y={bottom + 13} textAnchor="middle">
            {formatNumber(t)}
          </text>
        </g>
      ))}
      {zero !== null && <line className="zero-line" x1={zero} x2={zero} y1={top} y2={bottom} />}
      <text x={right} y={bottom + 27} textAnchor="end" className="axis-label">
        {title}
      </text>
    </g>
  );
}
