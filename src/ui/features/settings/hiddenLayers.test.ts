import { describe, expect, it } from 'vitest';
import { formatHiddenLayers, parseHiddenLayers } from './hiddenLayers';

describe('parseHiddenLayers', () => {
  it.each([
    ['64,64', [64, 64]],
    [' 128 , 32 ', [128, 32]],
    ['8', [8]],
    ['4096', [4096]],
    [Array(16).fill('2').join(','), Array(16).fill(2)],
  ])('reads %j', (text, sizes) => {
    expect(parseHiddenLayers(text)).toEqual({ ok: true, value: sizes });
  });

  it.each([
    ['', /at least one layer/],
    ['   ', /at least one layer/],
    ['64,', /Layer 2 is empty/],
    ['64,,64', /Layer 2 is empty/],
    ['0', /Layer 1 needs at least 1 unit/],
    ['64,0', /Layer 2 needs at least 1 unit/],
    ['-3', /"-3" is not a positive whole number/],
    ['6.5', /"6.5" is not a positive whole number/],
    ['64 64', /"64 64" is not a positive whole number/],
    ['abc', /"abc" is not a positive whole number/],
    ['4097', /at most 4096/],
    [Array(17).fill('2').join(','), /At most 16 hidden layers/],
  ])('rejects %j', (text, message) => {
    const r = parseHiddenLayers(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('formats back to the canonical text', () => {
    expect(formatHiddenLayers([64, 32])).toBe('64,32');
  });
});
