/**
 * Turns a finished OnnxGraphBuilder into ONNX ModelProto bytes, and back (parseModel, for tests and
 * diagnostics).
 *
 * The wire format comes from ONNX's own onnx.proto (onnx 1.12), converted once to a protobufjs JSON
 * descriptor by scripts/make-onnx-proto.mjs (onnxProto.json, committed). protobufjs' light build
 * reads that descriptor at run time: no .proto parser and no generated code ship with the app, and
 * the field numbers cannot drift from the spec by hand-editing. Field names are the spec's snake_case.
 *
 * Encoding choices: float tensors go to raw_data (float32 little-endian, the compact form every
 * runtime reads); int64 to int64_data, int32 and bool to int32_data, strings to string_data (UTF-8).
 * The model declares IR version 8 and imports ai.onnx opset 17, plus ai.onnx.ml opset 3 only when a
 * node uses that domain.
 */
import * as protobuf from 'protobufjs/light.js';
import descriptor from './onnxProto.json';
import { DEFAULT_OPSET, IR_VERSION, ML_OPSET, type OnnxAttribute, type OnnxElemType, type OnnxGraphBuilder, type OnnxTensor, type OnnxValueInfo } from './graphBuilder';

export interface SerializeOptions {
  /** ModelProto.producer_name; default 'Orrery'. */
  readonly producer?: string;
  /** ModelProto.doc_string; omitted when not given. */
  readonly docString?: string;
  /** GraphProto.name; default 'orrery'. */
  readonly graphName?: string;
}

/** TensorProto.DataType values (onnx.proto) of the element types the builder uses. */
const ELEM_TYPE: Readonly<Record<OnnxElemType, number>> = { float: 1, int32: 6, int64: 7, string: 8, bool: 9 };
/** AttributeProto.AttributeType values (onnx.proto). */
const ATTRIBUTE_TYPE: Readonly<Record<OnnxAttribute['kind'], number>> = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 };

let modelType: protobuf.Type | null = null;
/** The ModelProto type, built from the descriptor on first use (a few ms) and kept. */
function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(descriptor as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

/** UTF-8 bytes of a string (the core has no DOM lib, hence no TextEncoder type: protobufjs' own codec). */
function utf8(s: string): Uint8Array {
  const out = new Uint8Array(protobuf.util.utf8.length(s));
  protobuf.util.utf8.write(s, out, 0);
  return out;
}

/**
 * ModelProto bytes of the builder's graph, its metadata as metadata_props. Throws when a tensor's
 * value count does not match its dims or an integer is not a safe integer (the builder's contract).
 * Cost: linear in the size of the initializers (one copy of each).
 */
export function serializeModel(b: OnnxGraphBuilder, opts: SerializeOptions = {}): Uint8Array {
  const usesMl = b.nodes.some((n) => n.domain === 'ai.onnx.ml');
  const model = {
    ir_version: IR_VERSION,
    producer_name: opts.producer ?? 'Orrery',
    ...(opts.docString !== undefined ? { doc_string: opts.docString } : {}),
    opset_import: [{ domain: '', version: DEFAULT_OPSET }, ...(usesMl ? [{ domain: 'ai.onnx.ml', version: ML_OPSET }] : [])],
    metadata_props: b.metadata.map(({ key, value }) => ({ key, value })),
    graph: {
      name: opts.graphName ?? 'orrery',
      node: b.nodes.map((n) => ({
        name: n.name,
        op_type: n.opType,
        ...(n.domain ? { domain: n.domain } : {}),
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes).map(([name, a]) => attributeProto(name, a)),
      })),
      initializer: b.initializers.map(({ name, tensor }) => tensorProto(name, tensor)),
      input: b.inputs.map(valueInfoProto),
      output: b.outputs.map(valueInfoProto),
    },
  };
  const type = modelProto();
  return type.encode(type.fromObject(model)).finish();
}

/**
 * Decodes ModelProto bytes into a plain object with the spec's field names: int64 as numbers, enums
 * as their names (elem_type and data_type stay numbers: they are int32 fields), bytes as Uint8Array;
 * empty repeated fields are absent.
 */
export function parseModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelProto();
  return type.toObject(type.decode(bytes), { longs: Number, enums: String, defaults: false });
}

function tensorProto(name: string, t: OnnxTensor): Record<string, unknown> {
  const count = t.dims.reduce((a, d) => a * d, 1);
  if (t.values.length !== count) {
    throw new Error(`ONNX export: tensor "${name}" has ${t.values.length} values for dims [${t.dims.join(', ')}].`);
  }
  checkInts(name, t.dims);
  const base = { name, dims: [...t.dims], data_type: ELEM_TYPE[t.type] };
  switch (t.type) {
    case 'float': {
      const raw = new Uint8Array(4 * count);
      const view = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) view.setFloat32(4 * i, Number(t.values[i]), true);
      return { ...base, raw_data: raw };
    }
    case 'string':
      return { ...base, string_data: Array.from(t.values as readonly string[], (s) => utf8(String(s))) };
    case 'int64': {
      const values = Array.from(t.values as readonly number[], Number);
      checkInts(name, values);
      return { ...base, int64_data: values };
    }
    case 'int32':
    case 'bool': {
      const values = Array.from(t.values as readonly number[], Number);
      checkInts(name, values);
      return { ...base, int32_data: values };
    }
  }
}

function attributeProto(name: string, a: OnnxAttribute): Record<string, unknown> {
  const base = { name, type: ATTRIBUTE_TYPE[a.kind] };
  switch (a.kind) {
    case 'float':
      return { ...base, f: a.value };
    case 'int':
      checkInts(name, [a.value]);
      return { ...base, i: a.value };
    case 'string':
      return { ...base, s: utf8(a.value) };
    case 'tensor':
      return { ...base, t: tensorProto(name, a.value) };
    case 'floats':
      return { ...base, floats: [...a.value] };
    case 'ints':
      checkInts(name, a.value);
      return { ...base, ints: [...a.value] };
    case 'strings':
      return { ...base, strings: a.value.map((s) => utf8(s)) };
  }
}

function valueInfoProto(v: OnnxValueInfo): Record<string, unknown> {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: ELEM_TYPE[v.type],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function checkInts(where: string, values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`ONNX export: "${where}" has the non-integer (or unsafe) value ${v} where an integer is needed.`);
  }
}
