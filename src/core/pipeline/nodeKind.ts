/**
 * The contract every node kind of the visual pipeline implements (issue #3). A node kind is
 * registered once (its id, category, ports, parameter schema with defaults, and a one-line
 * explanation for learners); the document stores only `{ id, kind, params, position }` and the
 * registry gives it meaning. Feature kinds live in features/nodes/, layer kinds in models/layers/.
 */
import type { z } from 'zod';

export type NodeCategory = 'source' | 'feature' | 'split' | 'layer' | 'output';

/** What flows along an edge: a table of columns (feature graph) or a tensor (model graph). */
export type PortType = 'table' | 'tensor';

export interface PortSpec {
  readonly id: string;
  readonly type: PortType;
  /** Input ports only: true when several edges may arrive (Concatenate, Add). */
  readonly many?: boolean;
}

/** One parameter as the inspector shows it: the field's label and a one-line explanation. */
export interface ParamDoc {
  readonly label: string;
  readonly help: string;
}

export interface NodeKindDef<P = unknown> {
  readonly kind: string;
  readonly category: NodeCategory;
  /** Palette label, e.g. "Impute". */
  readonly label: string;
  /** One line for learners: what the node does. */
  readonly help: string;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  /** Validates untrusted params (from files, the inspector); must accept `defaults`. */
  readonly params: z.ZodType<P>;
  readonly defaults: P;
  /** Per parameter name: label and explanation for the inspector. */
  readonly paramDocs: Readonly<Record<string, ParamDoc>>;
}
