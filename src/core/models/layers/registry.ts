/**
 * The layer kinds with their tfjs builders: `LAYER_NODES[kind]` is the full LayerNodeDef. Importing
 * this module loads tfjs; code that only needs shapes and counts (the editor) uses specs.ts.
 */
import { LAYER_BUILDERS } from './builders';
import { LAYER_KINDS, LAYER_SPECS } from './specs';
import type { LayerNodeDef } from './types';

/**
 * Keyed by kind. Typed by string so that a kind read from a file must be checked (`LAYER_NODES[k]`
 * may be undefined); parameters are `any` here because each def validates its own with `def.params`
 * before they reach `inferShape`, `paramCount` or `build`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const LAYER_NODES: Readonly<Record<string, LayerNodeDef<any>>> = Object.fromEntries(
  LAYER_KINDS.map((kind) => [kind, { ...LAYER_SPECS[kind], build: LAYER_BUILDERS[kind] }]),
);
