/**
 * The inspector's form, read from a node kind's zod schema: one field per parameter with the control
 * that fits its type, and the rules for turning what the user typed into params. Pure (no React), so
 * the mapping is unit-tested against the real registries.
 *
 * Written by hand rather than with a zod-to-form library: the schemas are small and flat, the controls
 * must follow the page's accessible-name contract, and column lists need the dataset's columns.
 */
import { z } from 'zod';
import type { NodeKindDef } from '../../../core/pipeline/nodeKind';
import type { JsonValue, NodeParams } from '../../../core/pipeline/graph/schema';

export type FieldControl =
  | { readonly type: 'number'; readonly integer: boolean }
  | { readonly type: 'text'; readonly multiline: boolean }
  /** A string naming one column of the data (time column, split column). */
  | { readonly type: 'column' }
  | { readonly type: 'boolean' }
  | { readonly type: 'choice'; readonly options: readonly string[] }
  /** Several of fixed options (date parts, rolling statistics). */
  | { readonly type: 'choices'; readonly options: readonly string[] }
  /** Several columns of the data; empty usually means "every column that fits". */
  | { readonly type: 'columns' }
  /** Whole numbers typed as "1, 7". */
  | { readonly type: 'numberList' }
  /** A number, or a text when it does not read as one (impute's constant). */
  | { readonly type: 'numberOrText' }
  /** A value the inspector cannot edit (shown read-only as JSON). */
  | { readonly type: 'json' };

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly help: string;
  readonly control: FieldControl;
}

type Schema = z.ZodType;

/** Through defaults, optionals, nullables, readonly and pipes to the schema that says the type. */
function unwrap(s: Schema): Schema {
  for (let i = 0; i < 20; i++) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodReadonly) {
      s = s.def.innerType as Schema;
    } else if (s instanceof z.ZodPipe) {
      s = s.def.in as Schema;
    } else {
      return s;
    }
  }
  return s;
}

const COLUMN_PARAM = /column$/i;

function controlOf(name: string, schema: Schema): FieldControl {
  const s = unwrap(schema);
  if (s instanceof z.ZodNumber) return { type: 'number', integer: s.isInt };
  if (s instanceof z.ZodBoolean) return { type: 'boolean' };
  if (s instanceof z.ZodEnum) return { type: 'choice', options: s.options.map(String) };
  if (s instanceof z.ZodLiteral) return { type: 'choice', options: [...s.values].map(String) };
  if (s instanceof z.ZodString) {
    if (COLUMN_PARAM.test(name)) return { type: 'column' };
    return { type: 'text', multiline: name === 'expression' };
  }
  if (s instanceof z.ZodArray) {
    const el = unwrap(s.element as Schema);
    if (el instanceof z.ZodString) return { type: 'columns' };
    if (el instanceof z.ZodEnum) return { type: 'choices', options: el.options.map(String) };
    if (el instanceof z.ZodNumber) return { type: 'numberList' };
  }
  if (s instanceof z.ZodUnion) {
    const types = s.options.map((o) => unwrap(o as Schema));
    if (types.some((t) => t instanceof z.ZodNumber) && types.some((t) => t instanceof z.ZodString)) return { type: 'numberOrText' };
  }
  return { type: 'json' };
}

/** The object schema that describes `params`: the schema itself, or the union member `params` belongs to. */
function objectFor(schema: Schema, params: NodeParams): { shape: Record<string, Schema>; discriminator: string | null; variants: string[] } | null {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return { shape: s.shape as Record<string, Schema>, discriminator: null, variants: [] };
  if (s instanceof z.ZodDiscriminatedUnion) {
    const key = s.def.discriminator;
    const options = s.options.map((o) => unwrap(o as Schema)).filter((o): o is z.ZodObject => o instanceof z.ZodObject);
    const valueOf = (o: z.ZodObject): string | null => {
      const lit = unwrap(o.shape[key] as Schema);
      return lit instanceof z.ZodLiteral ? String([...lit.values][0]) : null;
    };
    const variants = options.map(valueOf).filter((v): v is string => v !== null);
    const current = options.find((o) => valueOf(o) === String(params[key])) ?? options[0];
    return current ? { shape: current.shape as Record<string, Schema>, discriminator: key, variants } : null;
  }
  return null;
}

/**
 * The inspector's fields for a node of kind `def` holding `params`: every parameter of the kind's
 * schema (for a discriminated union such as the split, those of the variant `params` is in), labelled
 * and explained by `paramDocs`, in schema order. A parameter without docs is labelled by its name.
 */
export function fieldsFor(def: NodeKindDef, params: NodeParams): FieldSpec[] {
  const obj = objectFor(def.params as Schema, params);
  if (!obj) return [];
  return Object.entries(obj.shape).map(([name, schema]) => {
    const doc = def.paramDocs[name];
    const control: FieldControl =
      name === obj.discriminator ? { type: 'choice', options: obj.variants } : controlOf(name, schema);
    return { name, label: doc?.label ?? name, help: doc?.help ?? '', control };
  });
}

/**
 * The params the inspector shows: the node's own, with the kind's defaults for fields it lacks (an
 * older file, or a migration that writes only some fields). Invalid values are kept as they are, so
 * the user sees what is wrong.
 */
export function displayParams(def: NodeKindDef, params: NodeParams): NodeParams {
  const parsed = def.params.safeParse(params);
  const filled = parsed.success ? (parsed.data as NodeParams) : {};
  return { ...(def.defaults as NodeParams), ...filled, ...params };
}

/** A zod issue in the page's words ("Must be at least 1."), falling back to zod's message. */
function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return issue.inclusive === false ? `Must be greater than ${issue.minimum}.` : `Must be at least ${issue.minimum}.`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return issue.inclusive === false ? `Must be less than ${issue.maximum}.` : `Must be at most ${issue.maximum}.`;
  }
  if (issue.code === 'too_small' && issue.origin === 'array') return `Choose at least ${issue.minimum}.`;
  if (issue.code === 'too_small' && issue.origin === 'string') return issue.minimum === 1 ? 'Must not be empty.' : `At least ${issue.minimum} characters.`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'Enter a whole number.';
  return sentence(issue.message);
}

/** The candidate's problems for one field (issues whose path starts at `name`). */
function fieldIssues(error: z.ZodError, name: string): string[] {
  return error.issues.filter((i) => String(i.path[0] ?? '') === name).map(issueText);
}

export type ParamsEdit = { readonly ok: true; readonly params: NodeParams } | { readonly ok: false; readonly message: string };

/**
 * The node's params with `name` set to `value`, checked with the kind's schema: the new params, or the
 * message to show beside the field (the value is then not applied). A change of a union's
 * discriminator (the split's "How to split") moves to that variant, keeping the values it shares and
 * filling the others from `fill` (e.g. the first column for a column field).
 */
export function editParam(
  def: NodeKindDef,
  params: NodeParams,
  name: string,
  value: JsonValue,
  fill: { readonly firstColumn?: string } = {},
): ParamsEdit {
  let candidate: Record<string, JsonValue> = { ...displayParams(def, params), [name]: value };
  const s = unwrap(def.params as Schema);
  if (s instanceof z.ZodDiscriminatedUnion && name === s.def.discriminator) {
    const variant = objectFor(s, candidate);
    if (variant) {
      const next: Record<string, JsonValue> = {};
      for (const [key, field] of Object.entries(variant.shape)) {
        if (key in candidate && field.safeParse(candidate[key]).success) next[key] = candidate[key]!;
        else next[key] = blankFor(key, field, fill);
      }
      candidate = next;
    }
  }
  const parsed = def.params.safeParse(candidate);
  if (parsed.success) return { ok: true, params: candidate };
  const first = parsed.error.issues[0];
  const message = fieldIssues(parsed.error, name)[0] ?? (first ? issueText(first) : 'Invalid value.');
  return { ok: false, message };
}

function blankFor(name: string, schema: Schema, fill: { readonly firstColumn?: string }): JsonValue {
  const parsed = schema.safeParse(undefined);
  if (parsed.success && parsed.data !== undefined) return parsed.data as JsonValue;
  const control = controlOf(name, schema);
  switch (control.type) {
    case 'column':
      return fill.firstColumn ?? '';
    case 'number':
    case 'numberOrText':
      return 0;
    case 'boolean':
      return false;
    case 'choice':
      return control.options[0] ?? '';
    case 'columns':
    case 'choices':
    case 'numberList':
      return [];
    default:
      return '';
  }
}

/** "Too big: expected number to be <=4096" → "Too big: expected number to be <=4096." */
function sentence(message: string): string {
  const t = message.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** "1, 7" → [1, 7]; a message when a part is not a number. Empty text is an empty list. */
export function parseNumberList(text: string): { ok: true; value: number[] } | { ok: false; message: string } {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const value: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(p) || !Number.isFinite(n)) return { ok: false, message: `"${p}" is not a number.` };
    value.push(n);
  }
  return { ok: true, value };
}

/** A number when the text reads as one (impute's constant for numeric columns), else the text. */
export function parseNumberOrText(text: string): number | string {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && Number.isFinite(Number(t)) ? Number(t) : text;
}
