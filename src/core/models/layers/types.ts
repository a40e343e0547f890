/**
 * The contract of a layer node kind (issue #3): a NodeKindDef (id, ports, zod params, defaults, docs)
 * plus shape inference, a parameter count and a builder for the tfjs functional API.
 *
 * The contract is split in two so the editor can show live shapes without loading tfjs:
 * - `LayerSpec<P>`: everything but `build`; pure TypeScript (specs.ts, `LAYER_SPECS`).
 * - `LayerNodeDef<P>`: a LayerSpec plus `build` (registry.ts, `LAYER_NODES`, imports tfjs).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Task } from '../../pipeline/document';
import type { NodeKindDef } from '../../pipeline/nodeKind';

/** Shape without the batch dimension, e.g. [64] for a vector, [16, 8] for a sequence of 16 steps × 8 features. */
export type Shape = readonly number[];

/** A layer's output shape, or why it has none, in plain words (e.g. "Conv1D needs a sequence [steps, features], got [64]"). */
export type ShapeResult = { ok: true; shape: Shape } | { ok: false; error: string };

/**
 * What the output head needs to know about the task. Optional in the kind methods so that every
 * kind but `output` can be called with the two-argument form; `output` reports an error without it.
 */
export interface LayerContext {
  readonly task: Task;
  /** 2 for binary, k ≥ 2 for multiclass, ignored for regression. */
  readonly nClasses: number;
  /**
   * The input's feature count (its last axis: the features of one time step for a window), which
   * sizes the 'reconstruct' head. inferLayerShapes and buildLayerGraph fill it in from the input shape.
   */
  readonly inputFeatures?: number;
}

export interface LayerSpec<P> extends NodeKindDef<P> {
  readonly category: 'layer';
  /**
   * The output shape for these input shapes (in edge order), or a plain reason why the layer cannot
   * take them. Total: never throws, whatever the shapes. `params` must already satisfy `this.params`.
   * The `input` kind is given the feature shape as its single "input" (it has no input port).
   */
  inferShape(inputs: readonly Shape[], params: P, ctx?: LayerContext): ShapeResult;
  /**
   * Number of weights, trainable and not (BatchNorm's moving statistics count), equal to tfjs'
   * `layer.countParams()`. Meaningful only when `inferShape` succeeds for the same arguments.
   */
  paramCount(inputs: readonly Shape[], params: P, ctx?: LayerContext): number;
}

export interface LayerNodeDef<P> extends LayerSpec<P> {
  /**
   * Applies the layer to symbolic inputs (functional API) and returns its output. `name` is the node
   * id, used as the tfjs layer name (it must match LAYER_NAME_PATTERN); `seed` fully determines the
   * initial weights and the Dropout masks. Call only when `inferShape` succeeds: the built output then
   * has exactly the inferred shape (tested for every kind). For `input`, `inputs` is the single
   * `tf.input` the graph builder made from the feature shape, returned as is.
   */
  build(inputs: tf.SymbolicTensor[], params: P, name: string, seed: number, ctx?: LayerContext): tf.SymbolicTensor;
}

/** tfjs' rule for layer and tensor names (tfjs-layers common.ts): node ids must match it. */
export const LAYER_NAME_PATTERN = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;
