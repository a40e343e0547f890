import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, rankBackends } from './backendPolicy';

const swiftshader = { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };
const nvidia = { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false };

describe('rankBackends', () => {
  it('uses WebGPU first on a real GPU', () => {
    const r = rankBackends('auto', nvidia);
    expect(r.order).toEqual(['webgpu', 'wasm', 'webgl', 'cpu']);
    expect(r.reason).toMatch(/hardware GPU/);
  });

  it('prefers wasm on a software adapter and says why', () => {
    const r = rankBackends('auto', swiftshader);
    expect(r.order[0]).toBe('wasm');
    expect(r.order.at(-1)).toBe('webgpu');
    expect(r.reason).toMatch(/software.*swiftshader.*WebAssembly/);
  });

  it('prefers wasm without any adapter', () => {
    expect(rankBackends('auto', null)).toMatchObject({ order: ['wasm', 'cpu', 'webgl', 'webgpu'], reason: expect.stringMatching(/No WebGPU adapter/) });
  });

  it('tries a forced backend first, then the ranking as fallbacks', () => {
    expect(rankBackends('webgpu', swiftshader).order).toEqual(['webgpu', 'wasm', 'cpu', 'webgl']);
    expect(rankBackends('cpu', nvidia).order).toEqual(['cpu', 'webgpu', 'wasm', 'webgl']);
  });

  it('recognises software adapters by flag or name', () => {
    expect(isSoftwareAdapter(swiftshader)).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'mesa', architecture: 'llvmpipe', isFallbackAdapter: false })).toBe(true);
    expect(isSoftwareAdapter(nvidia)).toBe(false);
  });
});
