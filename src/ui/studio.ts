/**
 * The page's one studio worker, started on first use. Tests (and the test API) may swap in any object
 * with the same typed `call()`, e.g. a StudioClient over an in-process fake worker.
 */
import { createStudioClient, type StudioClient } from '../worker/client';
import { PROTOCOL_VERSION } from '../worker/protocol';

export type Studio = Pick<StudioClient, 'call'>;

let instance: Studio | null = null;
let factory: () => Studio = createStudioClient;

export function studio(): Studio {
  instance ??= factory();
  return instance;
}

/** Replaces the worker client (unit tests); `null` goes back to the real worker, started lazily. */
export function setStudio(next: Studio | null): void {
  instance = next;
  if (next === null) factory = createStudioClient;
}

/** Checks the worker speaks this page's protocol version; throws with a plain message if not. */
export async function checkStudio(): Promise<void> {
  const { version } = await studio().call('hello', { version: PROTOCOL_VERSION });
  if (version !== PROTOCOL_VERSION) {
    throw new Error(`The studio worker speaks protocol ${version}, the page ${PROTOCOL_VERSION}: reload the page.`);
  }
}
