import { useShallow } from 'zustand/react/shallow';
import { Section } from '../../components/Section';
import { loadSample } from '../../store/actions';
import { useStudio } from '../../store/store';

/** The bundled sample datasets, one button each (named after the sample), with their provenance. */
export function SamplesPanel() {
  const { samples, samplesError, running, loadedSource } = useStudio(
    useShallow((s) => ({
      samples: s.samples,
      samplesError: s.samplesError,
      running: s.runStatus === 'running',
      loadedSource: s.loadedSource,
    })),
  );
  return (
    <Section title="Samples">
      {samplesError && (
        <p role="alert" className="error">
          {samplesError}
        </p>
      )}
      {samples === null ? (
        <p className="muted">Loading the sample list…</p>
      ) : (
        <>
          <ul className="samples">
            {samples.map((sample) => {
              const loaded = loadedSource?.kind === 'sample' && loadedSource.id === sample.id;
              return (
                <li key={sample.id} className={loaded ? 'loaded' : undefined}>
                  <button
                    type="button"
                    disabled={running}
                    aria-describedby={`sample-${sample.id}`}
                    aria-pressed={loaded}
                    onClick={() => void loadSample(sample)}
                  >
                    {sample.name}
                  </button>
                  <p id={`sample-${sample.id}`} className="sample-desc">
                    {sample.description} {sample.rows} rows; predicts “{sample.target}” ({sample.task}).
                  </p>
                </li>
              );
            })}
          </ul>
          <details className="provenance">
            <summary>Sources and licences</summary>
            <ul className="compact">
              {samples.map((s) => (
                <li key={s.id}>
                  <strong>{s.name}</strong>: {s.source}. Licence: {s.licence}.
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </Section>
  );
}
