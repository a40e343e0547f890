/**
 * The CLI's backend choice: Node has no GPU backend here (tfjs-node cannot be installed, MACHINE.md),
 * so wasm (fastest) or cpu. The choice is checked with tf.getBackend().
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export async function useNodeBackend(name: 'wasm' | 'cpu'): Promise<string> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    // The package's main file sits in dist/, beside the .wasm binaries.
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`The ${name} backend could not start in Node.`);
  return tf.getBackend();
}
