#!/usr/bin/env node
// Rebuilds src/core/export/onnx/onnxProto.json, the protobufjs descriptor of ONNX's official onnx.proto,
// from the copy shipped by Debian's python3-onnx (onnx 1.12, Apache-2.0):
//   /usr/lib/python3/dist-packages/onnx/onnx.proto  (or ONNX_PROTO=<path>)
// The output is committed, so the app, the CLI and the tests never need the .proto file or protobufjs'
// parser at run time (serialize.ts loads the JSON with Root.fromJSON). Field names keep the .proto's
// snake_case (keepCase), so the descriptor reads like the ONNX spec. Run with
// `node scripts/make-onnx-proto.mjs`; the output is deterministic for a given onnx.proto.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.env.ONNX_PROTO ?? '/usr/lib/python3/dist-packages/onnx/onnx.proto';
const out = join(root, 'src', 'core', 'export', 'onnx', 'onnxProto.json');

if (!existsSync(source)) {
  console.error(`make-onnx-proto: ${source} not found: install Debian's python3-onnx or set ONNX_PROTO`);
  process.exit(1);
}

const text = readFileSync(source, 'utf8');
const parsed = protobuf.parse(text, { keepCase: true });
// The descriptor only: comments stay in the .proto (toJSON without keepComments drops them).
const json = parsed.root.toJSON();
writeFileSync(out, `${JSON.stringify(json, null, 1)}\n`);
console.log(`make-onnx-proto: wrote ${out} from ${source} (package ${parsed.package}, ${text.length} chars)`);
