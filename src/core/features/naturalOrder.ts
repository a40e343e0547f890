/**
 * A deterministic "natural" order for labels (class names, category levels): numbers by value first,
 * then other strings with digit runs compared by value ("item2" < "item10"), case-insensitive with a
 * code-point tie-break. Written by hand rather than with Intl.Collator so the order is the same in every
 * browser, Node and locale: saved models record their class order.
 */

/** The number a label spells exactly (e.g. "3", "-1.5", "1e3"), or null. */
function asNumber(s: string): number | null {
  if (s.trim() === '' || s !== s.trim()) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

function compareDigitRuns(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

const CHUNK = /\d+|\D+/g;

/** Comparator for Array.prototype.sort; a total order (ties only for identical strings). */
export function compareNatural(a: string, b: string): number {
  if (a === b) return 0;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null && na !== nb) return na - nb;
  if (na !== null && nb === null) return -1;
  if (na === null && nb !== null) return 1;
  const ca = a.toLowerCase().match(CHUNK) ?? [];
  const cb = b.toLowerCase().match(CHUNK) ?? [];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const xDigits = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yDigits = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xDigits && yDigits) {
      const c = compareDigitRuns(x, y);
      if (c !== 0) return c;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ca.length !== cb.length) return ca.length - cb.length;
  return a < b ? -1 : 1;
}
