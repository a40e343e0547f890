import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { COLUMN_KINDS, type ColumnKind } from '../../../core/data/table';
import type { ColumnProfile } from '../../../core/data/profile';
import { Section } from '../../components/Section';
import { formatCount, formatNumber } from '../../components/format';
import { chooseColumnKind } from '../../store/actions';
import { useStudio } from '../../store/store';
import { Histogram } from './Histogram';

/** Per-column statistics with a type override per column, and the profile's warnings. */
export function ProfilePanel() {
  const { profile, loading, error, hasData, kinds, target, running } = useStudio(
    useShallow((s) => ({
      profile: s.profile,
      loading: s.profileLoading,
      error: s.profileError,
      hasData: s.summary !== null,
      kinds: s.project.dataset.columnKinds,
      target: s.project.target,
      running: s.runStatus === 'running',
    })),
  );
  if (!hasData) return null;
  return (
    <Section title="Profile">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!profile ? (
        <p className="muted">{loading ? 'Profiling the columns…' : 'No profile yet.'}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {formatCount(profile.rowCount)} rows, {formatCount(profile.columnCount)} columns,{' '}
            {formatCount(profile.duplicateRows)} duplicate rows.{loading ? ' Updating…' : ''}
          </p>
          {profile.warnings.length > 0 && (
            <ul className="compact warnings" aria-label="Profile warnings">
              {profile.warnings.map((w, i) => (
                <li key={i}>
                  {w.column ? <strong>{w.column}: </strong> : null}
                  {w.message}
                </li>
              ))}
            </ul>
          )}
          <div className="table-scroll tall" tabIndex={0}>
            <table aria-label="Column profile" className="profile">
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Type</th>
                  <th scope="col">Missing</th>
                  <th scope="col">Unique</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Distribution</th>
                </tr>
              </thead>
              <tbody>
                {profile.columns.map((c) => (
                  <ProfileRow
                    key={c.name}
                    column={c}
                    kind={kinds[c.name] ?? c.kind}
                    isTarget={c.name === target}
                    disabled={running}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}

const ProfileRow = memo(function ProfileRow({
  column: c,
  kind,
  isTarget,
  disabled,
}: {
  column: ColumnProfile;
  kind: ColumnKind;
  isTarget: boolean;
  disabled: boolean;
}) {
  return (
    <tr>
      <th scope="row">
        {c.name}
        {isTarget && <span className="badge">target</span>}
      </th>
      <td>
        <select
          aria-label={`Type of ${c.name}`}
          value={kind}
          disabled={disabled}
          onChange={(e) => chooseColumnKind(c.name, e.target.value as ColumnKind)}
        >
          {COLUMN_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <div className="hint">{kind === c.inferredKind ? c.kindReason : `Inferred ${c.inferredKind}; set by you.`}</div>
      </td>
      <td>{formatCount(c.missing)}</td>
      <td>{formatCount(c.unique)}</td>
      <td>
        {c.numeric ? (
          <span className="stats">
            min {formatNumber(c.numeric.min)}, max {formatNumber(c.numeric.max)}, mean {formatNumber(c.numeric.mean)}, std{' '}
            {formatNumber(c.numeric.std)}
          </span>
        ) : c.top && c.top.length > 0 ? (
          <span className="stats">
            {c.top.slice(0, 5).map((t, i) => (
              <span key={i}>
                {i > 0 ? ', ' : ''}
                {t.value} ({formatCount(t.count)})
              </span>
            ))}
          </span>
        ) : null}
        {c.warnings.length > 0 && (
          <ul className="compact warnings">
            {c.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        )}
      </td>
      <td>{c.numeric ? <Histogram name={c.name} counts={c.numeric.histogram.counts} edges={c.numeric.histogram.edges} /> : null}</td>
    </tr>
  );
});
