/**
 * A plain, serialization-free description of an ONNX graph under construction, shared by the parts of
 * the exporter: the feature part (raw columns → feature matrix) and the model part (feature matrix →
 * outputs) each add nodes and initializers here; `serialize.ts` turns the finished graph into
 * ModelProto bytes. Names are unique within the builder (`fresh`).
 *
 * Conventions: float tensors are float32; integer attributes and index tensors are int64 (given as
 * JS numbers, which must be safe integers); strings are UTF-8.
 */

export type OnnxElemType = 'float' | 'int64' | 'string' | 'bool' | 'int32';

/** A constant tensor (an initializer, or a Constant node's / attribute's value). */
export interface OnnxTensor {
  readonly type: OnnxElemType;
  readonly dims: readonly number[];
  /** Row-major values: numbers for float/int64/int32, 0/1 for bool, strings for string. */
  readonly values: readonly number[] | readonly string[] | Float32Array;
}

export type OnnxAttribute =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'tensor'; readonly value: OnnxTensor };

export interface OnnxNode {
  readonly opType: string;
  /** '' (the default ai.onnx domain) or 'ai.onnx.ml'. */
  readonly domain: '' | 'ai.onnx.ml';
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph input or output: its element type and shape ('N' or another string = symbolic dimension). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type: OnnxElemType;
  readonly shape: readonly (number | string)[];
}

export const DEFAULT_OPSET = 17;
/** ONNX IR version 8 goes with opset 17 (onnx 1.12). */
export const IR_VERSION = 8;
/** ai.onnx.ml opset used with ai.onnx opset 17. */
export const ML_OPSET = 3;

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: { readonly name: string; readonly tensor: OnnxTensor }[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  readonly metadata: { key: string; value: string }[] = [];
  private readonly used = new Set<string>();

  /** A name not used yet in this graph, derived from `hint` (characters outside [A-Za-z0-9_./:-] become _). */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_./:-]/g, '_') || 't';
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves an exact name (graph inputs use the user's column names); throws if already taken. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX export: the name "${name}" is used twice.`);
    this.used.add(name);
    return name;
  }

  /** Adds a node and returns its output names (fresh names from `opType` unless `outputs` are given). */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, OnnxAttribute>> = {},
    options: { readonly outputs?: readonly string[] | number; readonly domain?: '' | 'ai.onnx.ml'; readonly name?: string } = {},
  ): string[] {
    const outs =
      typeof options.outputs === 'number' || options.outputs === undefined
        ? Array.from({ length: typeof options.outputs === 'number' ? options.outputs : 1 }, () => this.fresh(opType.toLowerCase()))
        : [...options.outputs];
    this.nodes.push({ opType, domain: options.domain ?? '', inputs: [...inputs], outputs: outs, name: this.fresh(options.name ?? `${opType}_node`), attributes });
    return outs;
  }

  /** Adds an initializer (a named constant) and returns its name. */
  constant(hint: string, tensor: OnnxTensor): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, tensor });
    return name;
  }

  floats(hint: string, dims: readonly number[], values: readonly number[] | Float32Array): string {
    return this.constant(hint, { type: 'float', dims, values });
  }

  int64s(hint: string, dims: readonly number[], values: readonly number[]): string {
    return this.constant(hint, { type: 'int64', dims, values });
  }
}
