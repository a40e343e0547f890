/** Structural equality of JSON values (object key order ignored). */
import type { JsonValue } from './schema';

export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v: JsonValue, i) => jsonEqual(v, (b as readonly JsonValue[])[i]));
  }
  const ra = a as { readonly [key: string]: JsonValue };
  const rb = b as { readonly [key: string]: JsonValue };
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  return keys.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

/**
 * A deep copy holding exactly what JSON.stringify/parse would give back: -0 becomes 0 (JSON writes
 * both as 0). Keeps the in-memory graph equal to the saved one, so undo after a reload compares equal.
 */
export function normalizeJson(value: JsonValue): JsonValue {
  if (typeof value === 'number') return value + 0;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v: JsonValue) => normalizeJson(v));
  return Object.fromEntries(Object.entries(value as { readonly [key: string]: JsonValue }).map(([k, v]) => [k, normalizeJson(v)]));
}
