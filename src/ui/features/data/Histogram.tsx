/** A tiny inline bar chart of a numeric column's histogram (no chart library: dozens are drawn at once). */
export function Histogram({ name, counts, edges }: { name: string; counts: readonly number[]; edges: readonly number[] }) {
  const width = 120;
  const height = 32;
  const max = Math.max(1, ...counts);
  const barWidth = counts.length > 0 ? width / counts.length : width;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const label = `Histogram of ${name}${lo !== undefined && hi !== undefined ? ` from ${lo} to ${hi}` : ''}, ${counts.length} bins`;
  return (
    <svg className="histogram" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {counts.map((c, i) => {
        const h = c === 0 ? 0 : Math.max(1, (c / max) * height);
        return <rect key={i} x={i * barWidth + 0.5} y={height - h} width={Math.max(1, barWidth - 1)} height={h} />;
      })}
    </svg>
  );
}
