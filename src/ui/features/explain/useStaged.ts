import { startTransition, useEffect, useState } from 'react';

/**
 * How many of `parts` to mount: 1 when `key` changes, then one more per animation frame. A new report's
 * charts are then committed and laid out over several frames, each a short main-thread task, instead of
 * all in one (the e2e suite asserts no task over 50 ms while the worker explains).
 */
export function useStaged(key: unknown, parts: number): number {
  const [state, setState] = useState({ key, count: 1 });
  if (state.key !== key) setState({ key, count: 1 });
  const count = state.key === key ? state.count : 1;
  useEffect(() => {
    if (count >= parts) return;
    const frame = requestAnimationFrame(() => startTransition(() => setState((s) => (s.key === key ? { key, count: s.count + 1 } : s))));
    return () => cancelAnimationFrame(frame);
  }, [key, count, parts]);
  return count;
}
