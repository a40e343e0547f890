/** Test helper: the share of equal entries, computed directly (independent of the metrics module). */
export function accuracyOf(predicted: readonly string[], truth: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) same++;
  return same / truth.length;
}
