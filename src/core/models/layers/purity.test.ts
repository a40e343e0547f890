/**
 * The editor's modules must not load tfjs (the UI never touches it, and it is megabytes): this walks
 * the runtime imports of each pure entry point and fails on any path to tfjs.
 */
import { describe, expect, it } from 'vitest';

// The core tsconfig has neither DOM nor Node types: reach Node's fs and URL without them.
const { URL: Url } = globalThis as unknown as { URL: new (url: string, base: string) => { pathname: string } };
const fs = (await import(/* @vite-ignore */ 'node:fs' as string)) as { readFileSync(path: string, encoding: 'utf8'): string; existsSync(path: string): boolean };
const here = decodeURIComponent(new Url('./', import.meta.url).pathname);

const PURE = ['specs.ts', 'inferLayerShapes.ts', 'checkConnection.ts', 'head.ts', 'makeWindows.ts', 'shapes.ts', 'types.ts'];

/** Runtime (non-type) import specifiers of a file. */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    if (!m[2]) out.push(m[3]!);
  }
  return out;
}

/** Every module reached from `entry` through runtime imports, as paths or package names. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [here + entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue;
    for (const spec of runtimeImports(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = decodeURIComponent(new Url(spec, `file://${file}`).pathname);
      stack.push(fs.existsSync(`${base}.ts`) ? `${base}.ts` : `${base}/index.ts`);
    }
  }
  return [...seen];
}

describe('pure layer modules', () => {
  it.each(PURE)('%s reaches no tfjs at runtime', (entry) => {
    const modules = reachable(entry);
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => m.includes('@tensorflow') || /\/(registry|builders|buildLayerGraph|build)\.ts$/.test(m))).toEqual([]);
  });

  it('the walk does see tfjs where it is used', () => {
    expect(reachable('buildLayerGraph.ts')).toContain('@tensorflow/tfjs');
  });
});
