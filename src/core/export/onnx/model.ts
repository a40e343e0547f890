/**
 * The model half of the ONNX exporter: walks a tfjs LayersModel's graph (Sequential or functional,
 * with branches) from its output back to its input and emits each layer through layers.ts.
 *
 * Every layer is checked before anything is emitted, so an unsupported model leaves the builder
 * untouched and the error lists every layer at fault, not just the first.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraphBuilder } from './graphBuilder';
import { LAYER_EXPORTERS } from './layers';

/** The model (or part of it) has no ONNX translation; `problems` says which layers and why. */
export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
  constructor(readonly problems: readonly string[]) {
    super(`The model cannot be exported to ONNX: ${problems.join(' ')}`);
  }
}

/** The parts of tfjs' SymbolicTensor the walk reads (the typings hide `inputs`). */
interface Symbolic {
  readonly id: number;
  readonly shape: (number | null)[];
  readonly sourceLayer: tf.layers.Layer;
  readonly inputs: readonly Symbolic[];
  readonly outputTensorIndex?: number;
}

/** The model's layer calls in an order where every input comes before its use. */
function topology(model: tf.LayersModel): { order: Symbolic[]; input: Symbolic; output: Symbolic } | { problems: string[] } {
  const problems: string[] = [];
  if (model.inputs.length !== 1) problems.push(`It has ${model.inputs.length} inputs; only models with one input are supported.`);
  if (model.outputs.length !== 1) problems.push(`It has ${model.outputs.length} outputs; only models with one output are supported.`);
  if (problems.length > 0) return { problems };
  const input = model.inputs[0] as unknown as Symbolic;
  const output = model.outputs[0] as unknown as Symbolic;
  const order: Symbolic[] = [];
  const state = new Map<number, 'open' | 'done'>();
  // Iterative depth-first post-order: deep Sequential stacks must not overflow the call stack.
  const stack: { t: Symbolic; next: number }[] = [{ t: output, next: 0 }];
  state.set(output.id, 'open');
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const child = top.t.inputs[top.next++];
    if (child === undefined) {
      stack.pop();
      state.set(top.t.id, 'done');
      order.push(top.t);
      continue;
    }
    const seen = state.get(child.id);
    if (seen === 'open') return { problems: ['Its graph has a cycle.'] };
    if (seen === undefined) {
      state.set(child.id, 'open');
      stack.push({ t: child, next: 0 });
    }
  }
  return { order, input, output };
}

const describe = (layer: tf.layers.Layer) => `Layer "${layer.name}" (${layer.getClassName()})`;

/**
 * Why `model` cannot be exported, one sentence per problem (naming the layer and its tfjs class);
 * [] when addLayersModel will succeed. Reads configurations only: no weights, no tensors.
 */
export function modelExportProblems(model: tf.LayersModel): string[] {
  const walk = topology(model);
  if ('problems' in walk) return walk.problems;
  const problems: string[] = [];
  for (const t of walk.order) {
    const layer = t.sourceLayer;
    const className = layer.getClassName();
    if (t === walk.input) {
      if (t.shape[0] !== null || t.shape.slice(1).some((d) => d === null)) problems.push(`${describe(layer)}: its input shape ${JSON.stringify(t.shape)} must be [batch, …fixed sizes].`);
      continue;
    }
    if (className === 'InputLayer') {
      problems.push(`${describe(layer)} is not the model's input.`);
      continue;
    }
    if ((t.outputTensorIndex ?? 0) !== 0) {
      problems.push(`${describe(layer)} has several outputs.`);
      continue;
    }
    const exporter = LAYER_EXPORTERS[className];
    if (!exporter) {
      problems.push(`${describe(layer)} has no ONNX translation.`);
      continue;
    }
    for (const p of exporter.check(layer, t.inputs.map((i) => i.shape))) problems.push(`${describe(layer)}: ${p}.`);
  }
  return problems;
}

/**
 * Adds `model`'s computation to `b`, reading the graph tensor `input` (float [N, …the model's input
 * shape without the batch]) and returning the name of the output tensor (float [N, …the model's
 * output shape], e.g. [N, units]). Weights become initializers named after their layers. Throws
 * OnnxExportError (before adding anything) when modelExportProblems finds any problem. Cost: one
 * synchronous read of every weight.
 */
export function addLayersModel(b: OnnxGraphBuilder, model: tf.LayersModel, input: string): string {
  const problems = modelExportProblems(model);
  if (problems.length > 0) throw new OnnxExportError(problems);
  const walk = topology(model);
  if ('problems' in walk) throw new OnnxExportError(walk.problems);
  const names = new Map<number, string>([[walk.input.id, input]]);
  for (const t of walk.order) {
    if (t === walk.input) continue;
    const inputs = t.inputs.map((i) => names.get(i.id)!);
    const out = LAYER_EXPORTERS[t.sourceLayer.getClassName()]!.emit({ b, layer: t.sourceLayer, inputs, inputShapes: t.inputs.map((i) => i.shape) });
    names.set(t.id, out);
  }
  return names.get(walk.output.id)!;
}
