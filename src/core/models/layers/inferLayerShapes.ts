/**
 * Live analysis of a model's layer graph, for the editor and as the first step of buildLayerGraph:
 * validated params, a topological order, every node's output shape, parameter counts, and the
 * problems that stop the graph from running. Pure and synchronous (no tfjs), linear in nodes + edges:
 * safe to call on every edit.
 */
import { headFor, type HeadChoice } from './head';
import { describeParamIssues } from './paramErrors';
import { fail } from './shapes';
import { isLayerKind, LAYER_SPECS } from './specs';
import { LAYER_NAME_PATTERN, type LayerContext, type LayerSpec, type Shape, type ShapeResult } from './types';

export interface LayerGraphNode {
  /** Also the tfjs layer name: must match LAYER_NAME_PATTERN. */
  readonly id: string;
  readonly kind: string;
  /** Untrusted; validated with the kind's zod schema (missing fields take their defaults). */
  readonly params: unknown;
}

export interface LayerGraphEdge {
  readonly source: string;
  readonly target: string;
  /** The target's input port; every layer kind has one port, 'in', so it may be left out. */
  readonly targetPort?: string | undefined;
}

/**
 * A model graph. Edge order matters where a node takes several inputs: Concatenate joins its inputs
 * in the order their edges appear in `edges` (the weights after it depend on that order).
 */
export interface LayerGraph {
  readonly nodes: readonly LayerGraphNode[];
  readonly edges: readonly LayerGraphEdge[];
}

/** Something that stops the graph from running. `nodeId` is null for the graph as a whole (no input, no output). */
export interface GraphProblem {
  readonly nodeId: string | null;
  readonly message: string;
}

export interface LayerGraphAnalysis {
  /** Output shape per node id (what its outgoing edges carry). A node after a broken one says it waits for it. */
  readonly shapes: Record<string, ShapeResult>;
  /** Weights per node id (as tfjs countParams()), for nodes whose shape is known. */
  readonly params: Record<string, number>;
  /** Sum of `params`. Complete only when `problems` is empty. */
  readonly totalParams: number;
  /** Empty exactly when buildLayerGraph can build the graph. At most a few per node, in document order. */
  readonly problems: GraphProblem[];
  /** Things that run but are probably wrong: an output head that does not fit the task. */
  readonly warnings: GraphProblem[];
  /** Node ids in an order where every node comes after its inputs (nodes in or after a cycle are left out). */
  readonly order: string[];
  /** Validated params (defaults filled in) per node id, for nodes whose kind and params are valid. */
  readonly parsedParams: Record<string, unknown>;
  /** Per node id: its input node ids, in edge order (valid edges only). */
  readonly inputsOf: Record<string, string[]>;
  readonly inputId: string | null;
  readonly outputId: string | null;
}

/**
 * Analyses `graph` for features of shape `inputShape` ([nFeatures], or [window, nFeatures] for
 * sequences). `context` sizes the output head (its `inputFeatures` is taken from `inputShape`); without
 * it the output node reports that it needs the task. Never throws: everything wrong is a problem (bad ids, unknown kinds, invalid params, edges to
 * missing nodes or ports, a cycle, no or several inputs/outputs, nodes not connected on to the output,
 * and every shape the layers refuse, reported on the node that refuses it).
 */
export function inferLayerShapes(graph: LayerGraph, inputShape: Shape, context?: LayerContext): LayerGraphAnalysis {
  // The reconstruct head is as wide as one step of the input: its last axis.
  const target: LayerContext | undefined = context && { ...context, inputFeatures: inputShape.at(-1) ?? 0 };
  const problems: GraphProblem[] = [];
  const warnings: GraphProblem[] = [];
  const problem = (nodeId: string | null, message: string) => problems.push({ nodeId, message });

  // Nodes: unique, well-named, known kinds, valid params.
  const specs = new Map<string, LayerSpec<unknown>>();
  const parsedParams = byId<unknown>();
  const ids: string[] = [];
  const known = new Set<string>();
  for (const node of graph.nodes) {
    if (known.has(node.id)) {
      problem(node.id, `Two nodes share the id "${node.id}": each layer needs its own.`);
      continue;
    }
    ids.push(node.id);
    known.add(node.id);
    if (!LAYER_NAME_PATTERN.test(node.id)) {
      problem(node.id, `The id "${node.id}" cannot name a layer: use letters, digits, '-', '.', '_' or '/', starting with a letter or digit.`);
    }
    if (!isLayerKind(node.kind)) {
      problem(node.id, `"${node.kind}" is not a layer kind.`);
      continue;
    }
    const spec = LAYER_SPECS[node.kind] as LayerSpec<unknown>;
    specs.set(node.id, spec);
    const parsed = spec.params.safeParse(node.params ?? {});
    if (parsed.success) parsedParams[node.id] = parsed.data;
    else problem(node.id, `${spec.label}: ${describeParamIssues(parsed.error, spec.paramDocs)}.`);
  }

  // Edges: both ends exist, the target has that port, nothing enters an input or leaves an output.
  const inputsOf = byId<string[]>();
  const outputsOf = byId<string[]>();
  for (const id of ids) {
    inputsOf[id] = [];
    outputsOf[id] = [];
  }
  for (const edge of graph.edges) {
    const { source, target: to } = edge;
    if (!known.has(source) || !known.has(to)) {
      const missing = known.has(source) ? to : source;
      problem(known.has(source) ? source : known.has(to) ? to : null, `A connection refers to a node that does not exist ("${missing}").`);
      continue;
    }
    const toSpec = specs.get(to);
    const fromSpec = specs.get(source);
    if (toSpec && toSpec.kind === 'input') {
      problem(to, `${toSpec.label} takes no connections: its shape comes from the features.`);
      continue;
    }
    if (fromSpec && fromSpec.kind === 'output') {
      problem(source, `${fromSpec.label} is the end of the model: nothing can follow it.`);
      continue;
    }
    if (toSpec && edge.targetPort !== undefined && !toSpec.inputs.some((p) => p.id === edge.targetPort)) {
      problem(to, `${toSpec.label} has no input port "${edge.targetPort}".`);
      continue;
    }
    inputsOf[to]!.push(source);
    outputsOf[source]!.push(to);
  }

  // One input, one output.
  const inputs = ids.filter((id) => specs.get(id)?.kind === 'input');
  const outputs = ids.filter((id) => specs.get(id)?.kind === 'output');
  if (inputs.length === 0) problem(null, 'The model has no input node: add one where the features enter.');
  if (outputs.length === 0) problem(null, 'The model has no output node: add one to make predictions.');
  for (const id of inputs.slice(1)) problem(id, `The model has ${inputs.length} input nodes; keep one and branch from it.`);
  for (const id of outputs.slice(1)) problem(id, `The model has ${outputs.length} output nodes; keep one.`);

  // Topological order (Kahn, ties in document order), then the cycle among what is left.
  const order = topologicalOrder(ids, inputsOf, outputsOf);
  const placed = new Set(order);
  const cycle = ids.some((id) => !placed.has(id)) ? findCycle(ids.filter((id) => !placed.has(id)), inputsOf, placed) : [];
  const inCycle = new Set(cycle);
  if (cycle.length > 0) {
    const path = [...cycle, cycle[0]!].join(' → ');
    for (const id of cycle) problem(id, `These layers form a cycle: ${path}. Data must flow one way, from the input to the output.`);
  }

  // Shapes in order; a node whose inputs lack a shape waits for them instead of adding a problem.
  const shapes = byId<ShapeResult>();
  const params = byId<number>();
  let totalParams = 0;
  for (const id of ids) {
    if (!placed.has(id)) shapes[id] = fail(inCycle.has(id) ? 'Part of a cycle.' : 'Comes after a cycle.');
  }
  for (const id of order) {
    const spec = specs.get(id);
    if (!spec) {
      shapes[id] = fail('Not a layer kind.');
      continue;
    }
    if (!Object.hasOwn(parsedParams, id)) {
      shapes[id] = fail('Its parameters are invalid.');
      continue;
    }
    const from = inputsOf[id]!;
    const waiting = from.find((s) => !shapes[s]?.ok);
    if (waiting !== undefined) {
      shapes[id] = fail(`Waits for a valid shape from "${waiting}".`);
      continue;
    }
    const inShapes: Shape[] = spec.kind === 'input' ? [inputShape] : from.map((s) => (shapes[s] as { shape: Shape }).shape);
    const p = parsedParams[id];
    const result = spec.inferShape(inShapes, p, target);
    shapes[id] = result;
    if (!result.ok) {
      problem(id, result.error);
      continue;
    }
    const n = spec.paramCount(inShapes, p, target);
    params[id] = n;
    totalParams += n;
  }

  // Every node must lead on to the output (a dead-end branch is most likely unfinished work).
  const outputId = outputs[0] ?? null;
  if (outputId !== null) {
    const reaches = new Set<string>([outputId]);
    const stack = [outputId];
    while (stack.length > 0) {
      for (const s of inputsOf[stack.pop()!]!) {
        if (!reaches.has(s)) {
          reaches.add(s);
          stack.push(s);
        }
      }
    }
    for (const id of ids) {
      const spec = specs.get(id);
      // Other outputs are reported above; an isolated node has already said it has no input.
      if (reaches.has(id) || spec?.kind === 'output' || inCycle.has(id)) continue;
      if (outputsOf[id]!.length === 0 && problems.some((q) => q.nodeId === id)) continue;
      problem(id, `${spec?.label ?? 'This node'} does not lead to the output: connect it on toward the output, or delete it.`);
    }
    const head = parsedParams[outputId] as { head?: HeadChoice } | undefined;
    if (target && head?.head && head.head !== 'auto' && shapes[outputId]?.ok) {
      const mismatch = headFor(target.task, target.nClasses, head.head, target.inputFeatures).mismatch;
      if (mismatch) warnings.push({ nodeId: outputId, message: mismatch });
    }
  }

  return { shapes, params, totalParams, problems, warnings, order, parsedParams, inputsOf, inputId: inputs[0] ?? null, outputId };
}

/**
 * A record keyed by node id with no prototype: ids come from files, and an id such as "constructor"
 * or "__proto__" must be a plain key, not an inherited member.
 */
function byId<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Kahn's algorithm; among ready nodes the earliest in `ids` goes first, so the order is stable. */
function topologicalOrder(ids: readonly string[], inputsOf: Record<string, string[]>, outputsOf: Record<string, string[]>): string[] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  const pending = new Map(ids.map((id) => [id, inputsOf[id]!.length]));
  const ready = ids.filter((id) => pending.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of outputsOf[id]!) {
      const left = pending.get(next)! - 1;
      pending.set(next, left);
      if (left === 0) {
        // Keep `ready` sorted by document position (graphs are small: insertion is fine).
        const at = ready.findIndex((r) => rank.get(r)! > rank.get(next)!);
        ready.splice(at < 0 ? ready.length : at, 0, next);
      }
    }
  }
  return order;
}

/**
 * One cycle among the nodes Kahn's algorithm could not place. Each of them has an input among them,
 * so walking inputs from any of them must revisit a node; the walk between the two visits is a cycle.
 * Returned in the direction data flows.
 */
function findCycle(left: readonly string[], inputsOf: Record<string, string[]>, placed: ReadonlySet<string>): string[] {
  const walk: string[] = [];
  const seen = new Map<string, number>();
  let id = left[0]!;
  while (!seen.has(id)) {
    seen.set(id, walk.length);
    walk.push(id);
    id = inputsOf[id]!.find((s) => !placed.has(s))!;
  }
  return walk.slice(seen.get(id)!).reverse();
}
