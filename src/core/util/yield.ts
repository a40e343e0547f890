/**
 * Resolves on a new macrotask, letting queued messages (a Stop) run between chunks of long work in a
 * worker: training batches, explanation model calls. MessageChannel rather than setTimeout(0), whose
 * nested calls browsers clamp to 4 ms. No tfjs, so tfjs-free modules (explain/shapley.ts) use it too.
 */
interface Host {
  MessageChannel?: new () => {
    port1: { onmessage: ((e: unknown) => void) | null; close(): void };
    port2: { postMessage(m: unknown): void; close(): void };
  };
  setTimeout?: (fn: () => void, ms: number) => unknown;
}

export function yieldToEventLoop(): Promise<void> {
  const host = globalThis as unknown as Host;
  return new Promise<void>((resolve) => {
    if (host.MessageChannel) {
      const ch = new host.MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        ch.port2.close();
        resolve();
      };
      ch.port2.postMessage(0);
    } else if (host.setTimeout) host.setTimeout(resolve, 0);
    else resolve();
  });
}
