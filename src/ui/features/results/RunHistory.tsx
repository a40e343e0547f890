import { useDeferredValue } from 'react';
import { Section } from '../../components/Section';
import { formatMs } from '../../components/format';
import { useStudio } from '../../store/store';
import { formatMetric } from './metricRows';

/** The project's runs, newest first, with their headline test numbers beside the baseline's. */
export function RunHistory() {
  const runs = useDeferredValue(useStudio((s) => s.project.runs));
  if (runs.length === 0) return null;
  const newestFirst = [...runs].reverse();
  return (
    <Section title="Run history">
      <div className="table-scroll">
        <table aria-label="Run history" className="runs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Model</th>
              <th scope="col">Backend</th>
              <th scope="col">Time</th>
              <th scope="col">Best epoch</th>
              <th scope="col">Stopped by</th>
              <th scope="col">Test (baseline)</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((r) => (
              <tr key={r.id}>
                <th scope="row">{new Date(r.startedAt).toLocaleTimeString()}</th>
                <td>{r.model}</td>
                <td>{r.backend}</td>
                <td>{formatMs(r.durationMs)}</td>
                <td>{r.bestEpoch ?? '—'}</td>
                <td>{r.stoppedBy}</td>
                <td>
                  {Object.entries(r.test).map(([name, v]) => (
                    <div key={name}>
                      {name} {formatMetric(v)} ({formatMetric(r.baseline[name])})
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
