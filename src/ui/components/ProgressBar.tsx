/**
 * A progress bar with explicit ARIA values (tests read aria-valuenow). `value`/`max` null gives an
 * indeterminate bar.
 */
export function ProgressBar({
  label,
  value,
  max,
  valueText,
}: {
  label: string;
  value: number | null;
  max: number | null;
  valueText?: string;
}) {
  const determinate = value !== null && max !== null && max > 0;
  const pct = determinate ? Math.max(0, Math.min(100, (value / max) * 100)) : null;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={determinate ? max : undefined}
      aria-valuenow={determinate ? value : undefined}
      aria-valuetext={valueText}
      className={determinate ? 'progress' : 'progress indeterminate'}
    >
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
