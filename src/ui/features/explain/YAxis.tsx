import { formatNumber } from '../../components/format';
import type { LinearAxis } from './chartScale';

/** A vertical value axis: horizontal grid lines at the ticks from `left` to `right`, labels left of `left`, a title above. */
export function YAxis({ axis, left, right, title }: { axis: LinearAxis; left: number; right: number; title: string }) {
  const zero = axis.min < 0 && axis.max > 0 ? axis.scale(0) : null;
  return (
    <g className="axis">
      {axis.ticks.map((t) => (
        <g key={t}>
          <line className="grid-line" x1={left} x2={right} y1={axis.scale(t)} y2={axis.scale(t)} />
          <text x={left - 6} y={axis.scale(t)} textAnchor="end" dominantBaseline="middle">
            {formatNumber(t)}
          </text>
        </g>
      ))}
      {zero !== null && <line className="zero-line" x1={left} x2={right} y1={zero} y2={zero} />}
      <text x={left} y={axis.scale(axis.max) - 8} textAnchor="start" className="axis-label">
        {title}
      </text>
    </g>
  );
}
