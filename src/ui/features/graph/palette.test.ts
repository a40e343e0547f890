import { describe, expect, it } from 'vitest';
import { PALETTE_KINDS } from './editorKinds';
import { filterPalette, groupByCategory } from './palette';

const labels = (query: string) => filterPalette(PALETTE_KINDS, query).map((d) => d.label);

describe('palette search', () => {
  it('lists every kind once for an empty query, grouped in data-flow order', () => {
    expect(labels('  ')).toHaveLength(PALETTE_KINDS.length);
    expect(new Set(PALETTE_KINDS.map((d) => d.kind)).size).toBe(PALETTE_KINDS.length);
    expect(groupByCategory(PALETTE_KINDS).map((g) => g.category)).toEqual(['source', 'feature', 'split', 'layer', 'output']);
  });

  it('matches labels case-insensitively, label matches first', () => {
    expect(labels('dense')[0]).toBe('Dense');
    expect(labels('IMPUTE')[0]).toBe('Impute');
  });

  it('needs every word, and treats "-" and "_" as spaces', () => {
    expect(labels('one hot')).toContain('One-hot encode');
    expect(labels('global avg')).toEqual(['GlobalAvgPool1D']);
    expect(labels('dense zzz')).toEqual([]);
    expect(labels('pool 1d')).toEqual(expect.arrayContaining(['MaxPool1D']));
  });

  it('finds kinds by id and by help text', () => {
    expect(labels('batch_norm')).toEqual(['BatchNorm']);
    expect(labels('skip connection')).toContain('Add');
  });

  it('finds nothing for nonsense', () => {
    expect(labels('zzzz')).toEqual([]);
  });
});
