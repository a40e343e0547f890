import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import fixtures from './fixtures/sklearn.json';
import { ngrams, tfidfName, tfidfNode, tokenize } from './tfidf';
import { expectClose, names, nums, run } from './testing';

describe('tokens and n-grams', () => {
  it.each([
    { text: 'Hello, World!', tokens: ['hello', 'world'] },
    { text: "Café crème l'été 2024_x", tokens: ['café', 'crème', 'l', 'été', '2024', 'x'] },
    { text: '  ', tokens: [] },
    { text: 'Ünïcödé ΣΊΣΥΦΟΣ 東京', tokens: ['ünïcödé', 'σίσυφος', '東京'] },
  ])('tokenize($text)', ({ text, tokens }) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('word n-grams by n, then position', () => {
    expect(ngrams(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(ngrams(['a', 'b'], 2, 3)).toEqual(['a b']);
  });
});

describe('tfidf', () => {
  // Training documents: "apple banana", "Apple apple cherry", missing (empty). n = 3.
  // df: apple 2, banana 1, cherry 1 → idf apple = ln(4/3) + 1, banana = cherry = ln(4/2) + 1.
  const table = tableOf({ text: ['apple banana', 'Apple apple cherry', null, 'banana split'], y: [0, 1, 0, 1] });
  const train = [0, 1, 2];
  const ia = Math.log(4 / 3) + 1;
  const ib = Math.log(2) + 1;

  it('weights raw counts by smoothed idf and normalizes each row to unit length', () => {
    const { out, state } = run(tfidfNode, table, { columns: ['text'] }, { train, target: 'y' });
    expect(state.columns[0]!.terms).toEqual(['apple', 'banana', 'cherry']);
    expectClose(state.columns[0]!.idf, [ia, ib, ib], 14);
    expect(names(out)).toEqual(['text:tfidf:apple', 'text:tfidf:banana', 'text:tfidf:cherry', 'y']);
    const n1 = Math.hypot(ia, ib);
    const n2 = Math.hypot(2 * ia, ib);
    expectClose(nums(out, 'text:tfidf:apple'), [ia / n1, (2 * ia) / n2, 0, 0], 14);
    expectClose(nums(out, 'text:tfidf:banana'), [ib / n1, 0, 0, 1], 14);
    expectClose(nums(out, 'text:tfidf:cherry'), [0, ib / n2, 0, 0], 14);
  });

  it('keeps the terms in the most training documents (ties in code-point order)', () => {
    const { state } = run(tfidfNode, table, { columns: ['text'], maxFeatures: 2 }, { train });
    expect(state.columns[0]!.terms).toEqual(['apple', 'banana']);
  });

  it('counts bigrams when asked', () => {
    const { out } = run(tfidfNode, table, { columns: ['text'], ngramMin: 2, ngramMax: 2 }, { train });
    expect(names(out)).toEqual([tfidfName('text', 'apple apple'), tfidfName('text', 'apple banana'), tfidfName('text', 'apple cherry'), 'y']);
  });

  it('refuses an n-gram range upside down', () => {
    expect(tfidfNode.params.safeParse({ ngramMin: 2, ngramMax: 1 }).success).toBe(false);
  });

  it("matches scikit-learn's TfidfVectorizer (fixture) on training and new documents", () => {
    const f = fixtures.tfidf;
    const docs = tableOf({ doc: f.train_docs });
    const params = { columns: ['doc'], maxFeatures: 10_000, ngramMin: f.ngram_range[0], ngramMax: f.ngram_range[1] };
    const { out, state } = run(tfidfNode, docs, params);
    expect(state.columns[0]!.terms).toEqual(f.terms);
    expectClose(state.columns[0]!.idf, f.idf, 12);
    f.terms.forEach((term, j) => expectClose(nums(out, tfidfName('doc', term)), f.train.map((row) => row[j]!), 12));
    const fresh = tfidfNode.apply(tableOf({ doc: f.new_docs }), tfidfNode.params.parse(params), state, { trainRows: null });
    f.terms.forEach((term, j) => expectClose(nums(fresh, tfidfName('doc', term)), f.new.map((row) => row[j]!), 12));
  });
});
