import type { Parsed } from '../../components/parse';

/** Limits of the project schema (document.ts): 1-16 layers of 1-4096 units. */
export const MAX_LAYERS = 16;
export const MAX_UNITS = 4096;

/**
 * Reads hidden-layer sizes typed as comma-separated positive integers ("64, 64" -> [64, 64]).
 * Spaces around numbers are allowed; anything else gives a plain message naming the bad part.
 */
export function parseHiddenLayers(text: string): Parsed<number[]> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter at least one layer size, for example 64,64.' };
  const parts = t.split(',').map((p) => p.trim());
  const sizes: number[] = [];
  for (const [i, p] of parts.entries()) {
    if (p === '') return { ok: false, message: `Layer ${i + 1} is empty: separate sizes with single commas, for example 64,64.` };
    if (!/^\d+$/.test(p)) return { ok: false, message: `"${p}" is not a positive whole number.` };
    const n = Number(p);
    if (n < 1) return { ok: false, message: `Layer ${i + 1} needs at least 1 unit.` };
    if (n > MAX_UNITS) return { ok: false, message: `Layer ${i + 1} has ${p} units: at most ${MAX_UNITS} are allowed.` };
    sizes.push(n);
  }
  if (sizes.length > MAX_LAYERS) return { ok: false, message: `At most ${MAX_LAYERS} hidden layers are allowed.` };
  return { ok: true, value: sizes };
}

export function formatHiddenLayers(sizes: readonly number[]): string {
  return sizes.join(',');
}
