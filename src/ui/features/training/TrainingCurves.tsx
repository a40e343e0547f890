import { useMemo } from 'react';
import { LineChart, type ChartSeries } from '../../components/LineChart';
import { formatNumber } from '../../components/format';
import { useThrottled } from '../../components/useThrottled';
import { useStudio } from '../../store/store';
import { curvePoints, metricLabel } from './curveData';

/** Redraw at most this often: epochs on small data arrive faster than anyone can read them. */
const REDRAW_MS = 200;
const TRAIN_COLOR = '#2563eb';
const VALIDATION_COLOR = '#dc2626';

/**
 * Loss and the task's metric (accuracy or MAE) per epoch, live, for train and validation. Subscribes
 * only to the epoch list; the figure stays mounted between runs.
 */
export function TrainingCurves() {
  const live = useStudio((s) => s.epochs);
  const regression = useStudio((s) => s.project.task === 'regression');
  const epochs = useThrottled(live, REDRAW_MS);
  const { x, loss, metric, last, metricName } = useMemo(() => {
    const points = curvePoints(epochs);
    const lastLog = epochs[epochs.length - 1];
    const name = lastLog?.metricName ?? (regression ? 'mae' : 'accuracy');
    const label = metricLabel(name);
    const inline = name === 'mae' ? 'MAE' : 'accuracy';
    const lossSeries: ChartSeries[] = [
      { name: 'Loss', color: TRAIN_COLOR, values: points.map((p) => p.loss) },
      { name: 'Validation loss', color: VALIDATION_COLOR, values: points.map((p) => p.valLoss) },
    ];
    const metricSeries: ChartSeries[] = [
      { name: label, color: TRAIN_COLOR, values: points.map((p) => p.metric) },
      { name: `Validation ${inline}`, color: VALIDATION_COLOR, values: points.map((p) => p.valMetric) },
    ];
    return { x: points.map((p) => p.epoch), loss: lossSeries, metric: metricSeries, last: lastLog, metricName: inline };
  }, [epochs, regression]);

  return (
    <figure aria-label="Training curves" className="curves">
      <figcaption>
        {last ? (
          <>
            Epoch {last.epoch}: loss {formatNumber(last.loss)}
            {last.valLoss !== null ? `, validation loss ${formatNumber(last.valLoss)}` : ''}
            {last.metric !== null ? `, ${metricName} ${formatNumber(last.metric)}` : ''}
            {last.valMetric !== null ? `, validation ${metricName} ${formatNumber(last.valMetric)}` : ''}
          </>
        ) : (
          `Loss and ${metricName} per epoch appear here while a model trains.`
        )}
      </figcaption>
      <LineChart title="Loss per epoch" x={x} series={loss} formatY={formatNumber} xLabel="epoch" />
      <LineChart title={`${metric[0]?.name ?? 'Metric'} per epoch`} x={x} series={metric} formatY={formatNumber} xLabel="epoch" />
    </figure>
  );
}
