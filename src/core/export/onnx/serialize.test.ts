import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OnnxGraphBuilder } from './graphBuilder';
import { parseModel, serializeModel } from './serialize';
import { onnxCheckerFailures, runOnnx } from './testing';

/** Decodes a raw_data float tensor (little-endian float32). */
function floatsOf(raw: Uint8Array): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

const utf8 = (bytes: Uint8Array) => new (globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } }).TextDecoder().decode(bytes);

type Obj = Record<string, unknown>;
const graphOf = (m: Obj) => m['graph'] as Obj;
const list = (o: Obj, key: string) => (o[key] ?? []) as Obj[];

/** x float [N, 2] → x · scale + offset → y; label = names[argmax(x)]. */
function tinyGraph(): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder();
  b.inputs.push({ name: b.reserve('x'), type: 'float', shape: ['N', 2] });
  const scaled = b.node('Mul', ['x', b.floats('scale', [2], [2, -0.5])])[0]!;
  b.node('Add', [scaled, b.floats('offset', [1, 2], new Float32Array([0.25, 1]))], {}, { outputs: [b.reserve('y')] });
  const index = b.node('ArgMax', ['x'], { axis: { kind: 'int', value: 1 }, keepdims: { kind: 'int', value: 0 } })[0]!;
  const names = b.constant('names', { type: 'string', dims: [2], values: ['première', 'zweite ✓'] });
  b.node('Gather', [names, index], { axis: { kind: 'int', value: 0 } }, { outputs: [b.reserve('label')] });
  b.outputs.push({ name: 'y', type: 'float', shape: ['N', 2] }, { name: 'label', type: 'string', shape: ['N'] });
  b.metadata.push({ key: 'task', value: 'binary' }, { key: 'classes', value: '["a","b"]' });
  return b;
}

describe('serializeModel', () => {
  it('writes IR 8, opset 17 only, the metadata, and tensors that decode to the values given', () => {
    const m = parseModel(serializeModel(tinyGraph(), { producer: 'test', docString: 'doc', graphName: 'g' }));
    expect(m['ir_version']).toBe(8);
    expect(m['producer_name']).toBe('test');
    expect(m['doc_string']).toBe('doc');
    expect(m['opset_import']).toEqual([{ domain: '', version: 17 }]);
    expect(m['metadata_props']).toEqual([
      { key: 'task', value: 'binary' },
      { key: 'classes', value: '["a","b"]' },
    ]);
    const g = graphOf(m);
    expect(g['name']).toBe('g');
    const init = Object.fromEntries(list(g, 'initializer').map((t) => [t['name'], t]));
    expect(init['scale']).toMatchObject({ dims: [2], data_type: 1 });
    expect(floatsOf(init['scale']!['raw_data'] as Uint8Array)).toEqual([2, -0.5]);
    expect(floatsOf(init['offset']!['raw_data'] as Uint8Array)).toEqual([0.25, 1]);
    expect(init['names']).toMatchObject({ dims: [2], data_type: 8 });
    expect((init['names']!['string_data'] as Uint8Array[]).map(utf8)).toEqual(['première', 'zweite ✓']);
    const argmax = list(g, 'node').find((n) => n['op_type'] === 'ArgMax')!;
    expect(argmax['attribute']).toEqual([
      { name: 'axis', type: 'INT', i: 1 },
      { name: 'keepdims', type: 'INT', i: 0 },
    ]);
    const input = list(g, 'input')[0]!;
    expect(input).toEqual({ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'N' }, { dim_value: 2 }] } } } });
  });

  it('imports ai.onnx.ml opset 3 only when a node uses that domain', () => {
    const b = new OnnxGraphBuilder();
    b.inputs.push({ name: b.reserve('s'), type: 'string', shape: ['N'] });
    b.node('LabelEncoder', ['s'], { keys_strings: { kind: 'strings', value: ['a'] }, values_int64s: { kind: 'ints', value: [1] } }, { domain: 'ai.onnx.ml', outputs: [b.reserve('i')] });
    b.outputs.push({ name: 'i', type: 'int64', shape: ['N'] });
    const m = parseModel(serializeModel(b));
    expect(m['opset_import']).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(list(graphOf(m), 'node')[0]).toMatchObject({ domain: 'ai.onnx.ml', op_type: 'LabelEncoder' });
    expect(m['producer_name']).toBe('Orrery');
  });

  it('encodes every attribute kind and int64/int32/bool tensors', () => {
    const b = new OnnxGraphBuilder();
    const t = { type: 'int64' as const, dims: [3], values: [-1, 0, 2 ** 40] };
    b.node('Custom', [], {
      f: { kind: 'float', value: 0.5 },
      i: { kind: 'int', value: -3 },
      s: { kind: 'string', value: 'é' },
      t: { kind: 'tensor', value: t },
      fs: { kind: 'floats', value: [1.5, -2] },
      is: { kind: 'ints', value: [4, 2 ** 33] },
      ss: { kind: 'strings', value: ['x', 'y'] },
    });
    b.constant('i32', { type: 'int32', dims: [2], values: [7, -8] });
    b.constant('flags', { type: 'bool', dims: [2], values: [1, 0] });
    const g = graphOf(parseModel(serializeModel(b)));
    const attrs = Object.fromEntries((list(g, 'node')[0]!['attribute'] as Obj[]).map((a) => [a['name'], a]));
    expect(attrs['f']).toEqual({ name: 'f', type: 'FLOAT', f: 0.5 });
    expect(attrs['i']).toEqual({ name: 'i', type: 'INT', i: -3 });
    expect(utf8(attrs['s']!['s'] as Uint8Array)).toBe('é');
    expect(attrs['t']!['t']).toMatchObject({ dims: [3], data_type: 7, int64_data: [-1, 0, 2 ** 40] });
    expect(attrs['fs']).toEqual({ name: 'fs', type: 'FLOATS', floats: [1.5, -2] });
    expect(attrs['is']).toEqual({ name: 'is', type: 'INTS', ints: [4, 2 ** 33] });
    expect((attrs['ss']!['strings'] as Uint8Array[]).map(utf8)).toEqual(['x', 'y']);
    const init = list(g, 'initializer');
    expect(init[0]).toMatchObject({ name: 'i32', data_type: 6, int32_data: [7, -8] });
    expect(init[1]).toMatchObject({ name: 'flags', data_type: 9, int32_data: [1, 0] });
  });

  it('refuses tensors whose value count does not match their dims, and non-integer ints', () => {
    const b = new OnnxGraphBuilder();
    b.floats('w', [2, 2], [1, 2, 3]);
    expect(() => serializeModel(b)).toThrow(/"w" has 3 values for dims \[2, 2\]/);
    const c = new OnnxGraphBuilder();
    c.int64s('k', [1], [1.5]);
    expect(() => serializeModel(c)).toThrow(/"k".*1\.5/);
    const d = new OnnxGraphBuilder();
    d.node('Squeeze', [], { axis: { kind: 'int', value: Number.NaN } });
    expect(() => serializeModel(d)).toThrow(/"axis"/);
  });

  it('round-trips any float32 values bit for bit and any string (property)', () => {
    fc.assert(
      fc.property(fc.float32Array({ maxLength: 20 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 5 }), (values, strings) => {
        const b = new OnnxGraphBuilder();
        b.floats('f', [values.length], values);
        b.constant('s', { type: 'string', dims: [strings.length], values: strings });
        const [f, s] = list(graphOf(parseModel(serializeModel(b))), 'initializer');
        const raw = (f!['raw_data'] as Uint8Array | undefined) ?? new Uint8Array(0);
        expect(new Uint8Array(raw)).toEqual(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
        expect(((s!['string_data'] as Uint8Array[] | undefined) ?? []).map(utf8)).toEqual(strings);
      }),
      { numRuns: 100 },
    );
  });

  it('runs in onnxruntime: floats, broadcast initializers and a Gather on a string constant', async () => {
    const out = await runOnnx(serializeModel(tinyGraph()), { x: { data: new Float32Array([1, 3, -2, -4]), dims: [2, 2] } });
    expect(Array.from(out['y']!.data as Float32Array)).toEqual([2.25, -0.5, -3.75, 3]);
    expect(out['label']!.data).toEqual(['zweite ✓', 'première']);
  });

  it('passes the reference ONNX checker, which rejects a broken model', () => {
    expect(onnxCheckerFailures([{ label: 'tiny', bytes: serializeModel(tinyGraph()) }])).toEqual([]);
    // An undefined input and an unknown operator: the checker must say so (the check above can fail).
    const b = new OnnxGraphBuilder();
    b.node('NoSuchOp', ['missing'], {}, { outputs: [b.reserve('y')] });
    b.outputs.push({ name: 'y', type: 'float', shape: [1] });
    const failures = onnxCheckerFailures([{ label: 'broken', bytes: serializeModel(b) }]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/broken/);
  });
});
