/**
 * The page must not load tfjs (megabytes, and the UI never runs a model): walks the runtime imports
 * from the page's entry and fails on any path to tfjs or to the modules that load it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?'([^']+)';/gms)) {
    if (!m[1]) out.push(m[2]!);
  }
  return out;
}

function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue;
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const found = ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p) && !p.endsWith('/'));
      if (found && /\.(ts|tsx)$/.test(found)) stack.push(found);
    }
  }
  return [...seen];
}

describe('page bundle', () => {
  it('reaches no tfjs from src/main.tsx', () => {
    const modules = reachable(resolve(src, 'main.tsx'));
    expect(modules).toContain(resolve(src, 'ui/features/graph/editorKinds.ts'));
    expect(modules.filter((m) => m.includes('@tensorflow') || /models\/layers\/(registry|builders|buildLayerGraph)\.ts$|models\/build\.ts$/.test(m))).toEqual([]);
  });

  it('the walk does see tfjs where it is used (the worker)', () => {
    expect(reachable(resolve(src, 'worker/studio.worker.ts'))).toContain('@tensorflow/tfjs');
  });
});
