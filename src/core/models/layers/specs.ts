/**
 * Every layer kind's spec (no tfjs): what the editor needs for the palette, the inspector and live
 * shapes. `LAYER_NODES` (registry.ts) adds the tfjs builders.
 */
import { activationSpec, batchNormSpec, denseSpec, dropoutSpec, flattenSpec, inputSpec, layerNormSpec } from './specs/basic';
import { addSpec, concatenateSpec } from './specs/merge';
import { outputSpec } from './specs/output';
import { conv1dSpec, globalAvgPool1dSpec, gruSpec, lstmSpec, maxPool1dSpec } from './specs/sequence';

export { ACTIVATION_FNS, DENSE_ACTIVATIONS, type ActivationFn, type DenseActivation } from './specs/basic';

/** Keys are the kinds stored in documents; each spec's `kind` equals its key (tested). */
export const LAYER_SPECS = {
  input: inputSpec,
  dense: denseSpec,
  activation: activationSpec,
  dropout: dropoutSpec,
  batch_norm: batchNormSpec,
  layer_norm: layerNormSpec,
  conv1d: conv1dSpec,
  maxpool1d: maxPool1dSpec,
  global_avg_pool1d: globalAvgPool1dSpec,
  lstm: lstmSpec,
  gru: gruSpec,
  flatten: flattenSpec,
  concatenate: concatenateSpec,
  add: addSpec,
  output: outputSpec,
} as const;

export type LayerKind = keyof typeof LAYER_SPECS;
export const LAYER_KINDS = Object.keys(LAYER_SPECS) as LayerKind[];
/** The validated parameters of a kind, e.g. LayerParams<'dense'> = { units, activation, useBias, l2 }. */
export type LayerParams<K extends LayerKind> = (typeof LAYER_SPECS)[K]['defaults'];

/** Whether a string names a layer kind. */
export const isLayerKind = (kind: string): kind is LayerKind => Object.hasOwn(LAYER_SPECS, kind);

/**
 * Kinds whose gradients tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter): a graph with one of
 * these predicts on wasm but cannot train there, so the worker or CLI must train it on another
 * backend (MACHINE.md). Checked against the wasm backend by wasm.test.ts.
 */
export const WASM_UNTRAINABLE_KINDS: readonly LayerKind[] = ['conv1d'];
