/**
 * Readable fresh ids for CommandContext.newId: `dense_3`, `impute_1`, `e_12`. Node ids become tfjs
 * layer names and show in error messages, so `dense_3` reads better than a random string.
 */
import { ID_PATTERN, MAX_ID_LENGTH, type PipelineGraph } from './schema';

/**
 * A generator of `${hint}_${k}` with k counting up per hint, starting after the largest k already
 * used in `graph` (node and edge ids), so ids of a reopened file are not reused. Hints that are not
 * valid id prefixes fall back to "node". Stateful (a closure), unlike everything else here: create one
 * per editor and pass it in the command context; commands skip any candidate that is taken anyway.
 */
export function createIdGenerator(graph?: PipelineGraph): (hint: string) => string {
  const last = new Map<string, number>();
  for (const { id } of [...(graph?.nodes ?? []), ...(graph?.edges ?? [])]) {
    const match = /^(.*)_(\d+)$/.exec(id);
    if (match) last.set(match[1]!, Math.max(last.get(match[1]!) ?? 0, Number(match[2])));
  }
  return (hint) => {
    const prefix = ID_PATTERN.test(hint) && hint.length <= MAX_ID_LENGTH - 12 ? hint : 'node';
    const k = (last.get(prefix) ?? 0) + 1;
    last.set(prefix, k);
    return `${prefix}_${k}`;
  };
}
