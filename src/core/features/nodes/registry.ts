/**
 * FEATURE_NODES: every feature kind, by its `kind` id (the id the project document stores).
 * Adding a kind: write it with `defineFeatureNode`, test it, and list it here (README.md).
 */
import { binNode } from './bin';
import { clipNode } from './clip';
import { datePartsNode } from './dateParts';
import { onehotNode, ordinalNode } from './encode';
import { formulaNode } from './formulaNode';
import { imputeNode } from './impute';
import { logNode } from './log';
import { polynomialNode } from './polynomial';
import { powerNode } from './power';
import { scaleNode } from './scale';
import { dropNode, selectNode } from './select';
import { targetEncodeNode } from './targetEncode';
import { tfidfNode } from './tfidf';
import { lagNode, rollingNode } from './timeWindow';
import { FeatureNodeError, type FeatureNodeDef } from './types';

/**
 * Every kind, in palette order. Typed with `unknown` rather than `any`: method parameters are
 * bivariant, so every concrete kind fits, and callers validate params with `def.params.parse(raw)`
 * before `fit` / `apply`.
 */
export const FEATURE_NODE_LIST: readonly FeatureNodeDef<unknown, unknown>[] = [
  selectNode,
  dropNode,
  imputeNode,
  scaleNode,
  onehotNode,
  ordinalNode,
  targetEncodeNode,
  binNode,
  logNode,
  powerNode,
  clipNode,
  datePartsNode,
  tfidfNode,
  lagNode,
  rollingNode,
  polynomialNode,
  formulaNode,
];

/** The registry, by `kind`. */
export const FEATURE_NODES: Readonly<Record<string, FeatureNodeDef<unknown, unknown>>> = Object.fromEntries(
  FEATURE_NODE_LIST.map((def) => [def.kind, def]),
);

/** The kind registered as `kind`; throws a FeatureNodeError for an unknown one (e.g. from a newer file). */
export function getFeatureNode(kind: string): FeatureNodeDef<unknown, unknown> {
  const def = Object.hasOwn(FEATURE_NODES, kind) ? FEATURE_NODES[kind] : undefined;
  if (def === undefined) throw new FeatureNodeError('Feature node', `there is no feature node kind "${kind}".`);
  return def;
}
