import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../components/format';
import { useStudio } from '../../store/store';
import { curvePoints, metricLabel, type CurvePoint } from './curveData';

/**
 * Loss and metric per epoch, live. Animation is off: a chart re-renders once per epoch, and an
 * animated redraw would keep the main thread busy.
 */
export function TrainingCurves() {
  const epochs = useStudio((s) => s.epochs);
  const data = useMemo(() => curvePoints(epochs), [epochs]);
  const last = epochs[epochs.length - 1];
  if (!last) return null;
  const label = metricLabel(last.metricName);
  const inline = last.metricName === 'mae' ? 'MAE' : 'accuracy';
  return (
    <figure aria-label="Training curves" className="curves">
      <figcaption>
        Epoch {last.epoch}: loss {formatNumber(last.loss)}
        {last.valLoss !== null ? `, validation loss ${formatNumber(last.valLoss)}` : ''}
        {last.metric !== null ? `, ${inline} ${formatNumber(last.metric)}` : ''}
        {last.valMetric !== null ? `, validation ${inline} ${formatNumber(last.valMetric)}` : ''}
      </figcaption>
      <Chart title="Loss" data={data} series={[['loss', 'Loss'], ['valLoss', 'Validation loss']]} />
      <Chart title={label} data={data} series={[['metric', label], ['valMetric', `Validation ${inline}`]]} />
    </figure>
  );
}

const COLORS = ['#2563eb', '#dc2626'] as const;

function Chart({
  title,
  data,
  series,
}: {
  title: string;
  data: readonly CurvePoint[];
  series: readonly (readonly [keyof CurvePoint, string])[];
}) {
  return (
    <div className="chart" role="img" aria-label={`${title} per epoch`}>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data as CurvePoint[]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="epoch" tick={{ fontSize: 11 }} />
          <YAxis width={56} tick={{ fontSize: 11 }} domain={['auto', 'auto']} tickFormatter={(v: number) => formatNumber(v)} />
          <Tooltip isAnimationActive={false} formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))} />
          <Legend />
          {series.map(([key, name], i) => (
            <Line
              key={key}
              type="monotone"
              dataKey={key}
              name={name}
              stroke={COLORS[i % 2] ?? COLORS[0]}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
