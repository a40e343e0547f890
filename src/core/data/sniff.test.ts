import { describe, expect, it } from 'vitest';
import { assertLooksLikeText, detectDelimiter, detectLineEnding, type LineEnding } from './sniff';
import { CsvImportError } from './table';

describe('detectLineEnding', () => {
  const cases: [string, string, LineEnding][] = [
    ['LF', 'a,b\n1,2\n', 'LF'],
    ['CRLF', 'a,b\r\n1,2\r\n', 'CRLF'],
    ['CR', 'a,b\r1,2\r', 'CR'],
    ['no line break', 'a,b', 'LF'],
    ['a quoted CRLF in the header does not count', '"a\r\nb",c\n1,2\n', 'LF'],
    ['unbalanced quote: first break of all', 'size 5",b\r\n1,2\r\n', 'CRLF'],
  ];
  it.each(cases)('%s', (_name, sample, expected) => {
    expect(detectLineEnding(sample)).toBe(expected);
  });
});

describe('detectDelimiter', () => {
  const cases: [string, string, string][] = [
    ['comma', 'a,b,c\n1,2,3\n', ','],
    ['semicolon with decimal commas', 'a;b\n1,5;2,5\n3,5;4\n', ';'],
    ['tab with commas in text', 'name\tnote\nx\thello, world\n', '\t'],
    ['quoted delimiters do not count', 'n;t\n"a,b,c";1\n"d,e";2\n', ';'],
    ['consistency beats field count', 'a,b;c;d\n1,2\n3,4\n', ','],
    ['a wrong delimiter leaves quotes inside fields', 'a;",a"\n1.50;",a"', ';'],
    ['a wrong delimiter that swallows lines in quotes', 'a\t","\n1.50\t",a"', '\t'],
    ['single column', 'x\n1\n2\n', ','],
  ];
  it.each(cases)('%s', (_name, sample, expected) => {
    expect(detectDelimiter(sample, '\n', true)).toBe(expected);
  });

  it('ignores a cut last line when the sample is not the whole file', () => {
    expect(detectDelimiter('a;b\n1;2\n3,4,5,6', '\n', false)).toBe(';');
  });
});

describe('assertLooksLikeText', () => {
  it('accepts ordinary text, tabs and line breaks', () => {
    expect(() => assertLooksLikeText('a\tb\r\nc,d\n€,😀\f')).not.toThrow();
  });
  const failures: [string, string, RegExp][] = [
    ['NUL', 'ab\u0000cd', /binary data \(NUL bytes\)/],
    ['U+FFFD', 'caf\uFFFD', /not UTF-8/],
    ['control characters', '\u0001\u0002\u0003abc', /control characters/],
  ];
  it.each(failures)('rejects %s', (_name, head, message) => {
    expect(() => assertLooksLikeText(head)).toThrow(CsvImportError);
    expect(() => assertLooksLikeText(head)).toThrow(message);
  });
});
