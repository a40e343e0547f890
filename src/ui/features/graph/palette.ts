/** What the palette lists for a search text. Pure, so the matching rules are unit-tested. */
import type { NodeCategory, NodeKindDef } from '../../../core/pipeline/nodeKind';
import { CATEGORY_ORDER } from './editorKinds';

/** Lower case, accents removed, so "Évaluer" finds "evaluer" and "one hot" finds "One-hot". */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-_]+/g, ' ');
}

/**
 * The kinds matching `query`: every word of the query must appear in the kind's label, kind id,
 * category or help text. Label matches come first (a search for "dense" lists Dense before the kinds
 * whose help mentions it); otherwise the palette order is kept. An empty query gives every kind.
 */
export function filterPalette(kinds: readonly NodeKindDef[], query: string): NodeKindDef[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...kinds];
  const scored: { def: NodeKindDef; score: number; at: number }[] = [];
  kinds.forEach((def, at) => {
    const label = fold(def.label);
    const haystack = `${label} ${fold(def.kind)} ${def.category} ${fold(def.help)}`;
    if (!words.every((w) => haystack.includes(w))) return;
    const score = words.every((w) => label.includes(w)) ? (label.startsWith(words[0]!) ? 0 : 1) : 2;
    scored.push({ def, score, at });
  });
  scored.sort((a, b) => a.score - b.score || a.at - b.at);
  return scored.map((s) => s.def);
}

/** Kinds grouped by category in CATEGORY_ORDER, empty groups left out, order inside kept. */
export function groupByCategory(kinds: readonly NodeKindDef[]): { category: NodeCategory; kinds: NodeKindDef[] }[] {
  return CATEGORY_ORDER.map((category) => ({ category, kinds: kinds.filter((k) => k.category === category) })).filter(
    (g) => g.kinds.length > 0,
  );
}
