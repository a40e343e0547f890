/**
 * Builds an uncompiled tfjs model from a layer graph with the functional API (tf.model), after the
 * same analysis the editor shows (inferLayerShapes). Never picks a backend and never compiles:
 * training owns the optimizer and uses `head.loss`.
 *
 * Layer names: every node becomes one tfjs layer named with its node id (the input node is the
 * model's InputLayer); with `targetScale`, a frozen `target_scale` Dense follows the output, as in
 * models/build.ts, so regression trains on a standardized target.
 */
import * as tf from '@tensorflow/tfjs';
import type { Task } from '../../pipeline/document';
import { deriveSeed } from '../../util/random';
import { TARGET_SCALE_LAYER, type TargetScale } from '../build';
import { headFor, type Head, type HeadChoice } from './head';
import { inferLayerShapes, type GraphProblem, type LayerGraph } from './inferLayerShapes';
import { LAYER_NODES } from './registry';
import { formatShape } from './shapes';
import type { LayerContext, Shape, ShapeResult } from './types';

/** The graph cannot be built; `problems` lists why (the same list inferLayerShapes returns). */
export class LayerGraphError extends Error {
  override readonly name = 'LayerGraphError';
  constructor(readonly problems: readonly GraphProblem[]) {
    super(
      `The model graph cannot be built: ${problems
        .slice(0, 5)
        .map((p) => (p.nodeId === null ? p.message : `${p.nodeId}: ${p.message}`))
        .join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    );
  }
}

export interface LayerGraphBuildOptions {
  /**
   * Regression only: append the frozen target_scale layer and multiply every node's `l2` by std², as
   * models/build.ts does, so the L2 penalty keeps its weight against an MSE measured in target units.
   */
  readonly targetScale?: TargetScale;
}

export interface BuiltLayerGraph {
  /** Uncompiled; the caller owns it (free it with models/build.ts' disposeModel). */
  readonly model: tf.LayersModel;
  readonly shapes: Record<string, ShapeResult>;
  readonly params: Record<string, number>;
  /** Sum of the graph's nodes' weights; model.countParams() adds 2 when target_scale is appended. */
  readonly totalParams: number;
  /** Units, activation and loss of the output head, any mismatch with the task, and whether it reconstructs the input. */
  readonly head: Head;
}

/**
 * Validates and builds `graph` for features of shape `inputShape` ([nFeatures] or [window, nFeatures]).
 * Weights are fully determined by `seed`: node `id` builds with deriveSeed(seed, id), so adding a
 * node does not change the others' initial weights. Throws LayerGraphError when the analysis finds
 * any problem (its message names the nodes at fault, e.g. every node of a cycle), and RangeError for
 * a multiclass task with fewer than 2 classes. Cost: the analysis is linear; building allocates the
 * weights (orthogonal recurrent kernels use a QR decomposition, slow above a few hundred units).
 */
export function buildLayerGraph(
  graph: LayerGraph,
  inputShape: Shape,
  task: Task,
  nClasses: number,
  seed: number,
  options: LayerGraphBuildOptions = {},
): BuiltLayerGraph {
  const ctx: LayerContext = { task, nClasses, inputFeatures: inputShape.at(-1) ?? 0 };
  const analysis = inferLayerShapes(graph, inputShape, ctx);
  if (analysis.problems.length > 0) throw new LayerGraphError(analysis.problems);
  const inputId = analysis.inputId!;
  const outputId = analysis.outputId!;
  const scale = task === 'regression' ? options.targetScale : undefined;
  if (scale && analysis.order.includes(TARGET_SCALE_LAYER)) {
    throw new LayerGraphError([{ nodeId: TARGET_SCALE_LAYER, message: `The id "${TARGET_SCALE_LAYER}" is reserved for the regression target's scaling layer.` }]);
  }

  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const built = new Map<string, tf.SymbolicTensor>();
  try {
    for (const id of analysis.order) {
      const def = LAYER_NODES[kindOf.get(id)!]!;
      const inputs = id === inputId ? [tf.input({ shape: [...(analysis.shapes[id] as { shape: Shape }).shape], name: id })] : analysis.inputsOf[id]!.map((s) => built.get(s)!);
      const out = def.build(inputs, scaleL2(analysis.parsedParams[id], scale), id, deriveSeed(seed, id), ctx);
      // Inference and tfjs must agree, or the editor would show shapes the model does not have.
      const inferred = analysis.shapes[id]!;
      if (!inferred.ok || formatShape(out.shape.slice(1) as number[]) !== formatShape(inferred.shape)) {
        throw new Error(`Internal: node "${id}" was inferred as ${inferred.ok ? formatShape(inferred.shape) : 'invalid'} but tfjs built ${formatShape(out.shape.slice(1) as number[])}.`);
      }
      built.set(id, out);
    }
    let output = built.get(outputId)!;
    if (scale) output = targetScaleLayer(scale).apply(output) as tf.SymbolicTensor;
    const model = tf.model({ inputs: built.get(inputId)!, outputs: output, name: 'orrery_graph' });
    const head = headFor(task, nClasses, (analysis.parsedParams[outputId] as { head: HeadChoice }).head, ctx.inputFeatures);
    return { model, shapes: analysis.shapes, params: analysis.params, totalParams: analysis.totalParams, head };
  } catch (e) {
    // Applying a layer allocates its weights: free them when no model will own them.
    for (const t of built.values()) {
      try {
        t.sourceLayer.dispose();
      } catch {
        // Already disposed or never built: nothing to free.
      }
    }
    throw e;
  }
}

/** `params` with its `l2` (if any) multiplied by std², as models/build.ts does under a target scale. */
function scaleL2(params: unknown, scale: TargetScale | undefined): unknown {
  if (!scale || typeof params !== 'object' || params === null || !('l2' in params) || typeof params.l2 !== 'number') return params;
  return { ...params, l2: params.l2 * scale.std * scale.std };
}

/** Frozen Dense(1→1): std · z + mean, as models/build.ts' target_scale. */
function targetScaleLayer(scale: TargetScale): tf.layers.Layer {
  const std = scale.std > 0 && Number.isFinite(scale.std) ? scale.std : 1;
  return tf.layers.dense({
    name: TARGET_SCALE_LAYER,
    units: 1,
    trainable: false,
    kernelInitializer: tf.initializers.constant({ value: std }),
    biasInitializer: tf.initializers.constant({ value: scale.mean }),
  });
}
