/**
 * Parsing of the text the user types into settings fields. Pure, so the rules are unit-tested and the
 * same messages appear wherever a field is shown.
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface NumberRule {
  readonly min?: number;
  /** When true, `min` itself is not allowed (e.g. a learning rate must be > 0). */
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly integer?: boolean;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads a decimal number typed by the user and checks it against `rule`; messages are plain words. */
export function parseNumberInput(text: string, rule: NumberRule = {}): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter a number.' };
  if (!DECIMAL.test(t)) return { ok: false, message: `"${t}" is not a number.` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: 'The number is too large.' };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
  if (rule.min !== undefined) {
    if (rule.minExclusive ? value <= rule.min : value < rule.min) {
      return { ok: false, message: rule.minExclusive ? `Must be greater than ${rule.min}.` : `Must be at least ${rule.min}.` };
    }
  }
  if (rule.max !== undefined && value > rule.max) return { ok: false, message: `Must be at most ${rule.max}.` };
  return { ok: true, value };
}
