/**
 * The training suite on the wasm backend in Node, as the CLI runs it. The backend's .wasm files are
 * read from node_modules: setWasmPaths takes a folder prefix, which Node's loader reads as a file path.
 */
import { beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { trainSuite } from './train.suite';

// The core tsconfig has neither DOM nor Node types: reach URL through globalThis.
const { URL: Url } = globalThis as unknown as { URL: new (url: string, base: string) => { pathname: string } };
const wasmDir = decodeURIComponent(new Url('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);

beforeAll(async () => {
  setWasmPaths(wasmDir);
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(tf.getBackend()).toBe('wasm');
});

it('runs the SIMD build, single-threaded, in Node', async () => {
  expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(true);
  expect(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
});

trainSuite('wasm');
