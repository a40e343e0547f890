/**
 * `defineFeatureNode`: fills in what every feature kind shares (category, ports, defaults parsed from
 * the schema) and makes the compiler ask for a doc of every parameter.
 */
import type { z } from 'zod';
import type { ParamDoc } from '../../pipeline/nodeKind';
import { FEATURE_INPUTS, FEATURE_OUTPUTS, type FeatureNodeDef } from './types';

export interface FeatureNodeSpec<P, S> {
  readonly kind: string;
  readonly label: string;
  readonly help: string;
  /** Every field must have a default: `defaults` is `params.parse({})`. */
  readonly params: z.ZodType<P>;
  readonly paramDocs: { readonly [K in keyof P & string]: ParamDoc };
  fit: FeatureNodeDef<P, S>['fit'];
  apply: FeatureNodeDef<P, S>['apply'];
  outputColumns?: NonNullable<FeatureNodeDef<P, S>['outputColumns']>;
  lineage: FeatureNodeDef<P, S>['lineage'];
}

export function defineFeatureNode<P, S>(spec: FeatureNodeSpec<P, S>): FeatureNodeDef<P, S> {
  return {
    ...spec,
    category: 'feature',
    inputs: FEATURE_INPUTS,
    outputs: FEATURE_OUTPUTS,
    defaults: spec.params.parse({}),
  };
}
