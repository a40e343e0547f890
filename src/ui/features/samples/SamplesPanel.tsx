import { useShallow } from 'zustand/react/shallow';
import { Section } from '../../components/Section';
import { loadSample } from '../../store/actions';
import { useStudio } from '../../store/store';

/** The bundled sample datasets, one button each (named after the sample). */
export function SamplesPanel() {
  const { samples, samplesError, running } = useStudio(
    useShallow((s) => ({ samples: s.samples, samplesError: s.samplesError, running: s.runStatus === 'running' })),
  );
  return (
    <Section title="Samples">
      <p className="lede">Small public datasets with known provenance, to try the studio in one click.</p>
      {samplesError && <p role="alert" className="error">{samplesError}</p>}
      {samples === null ? (
        <p className="muted">Loading the sample list…</p>
      ) : (
        <ul className="samples">
          {samples.map((sample) => (
            <li key={sample.id}>
              <button
                type="button"
                disabled={running}
                aria-describedby={`sample-${sample.id}`}
                onClick={() => void loadSample(sample)}
              >
                {sample.name}
              </button>
              <p id={`sample-${sample.id}`} className="sample-desc">
                {sample.description} {sample.rows} rows, {sample.columns} columns; predicts “{sample.target}” ({sample.task}).
              </p>
              <p className="sample-source">
                Source: {sample.source}. Licence: {sample.licence}.
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
