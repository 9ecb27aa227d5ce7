import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../src/report/csv.js';

describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ["O'Brien", "O'Brien"],
    ['', ''],
  ])('text %j is written %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('writes numbers, booleans and nulls as values (a negative number stays a number)', () => {
    expect([csvField(-3), csvField(0.125), csvField(true), csvField(null), csvField(Number.NaN)]).toEqual([
      '-3',
      '0.125',
      'true',
      '',
      '',
    ]);
  });

  it('joins rows with CRLF, header first', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, '=x'],
          ['y', null],
        ],
      ),
    ).toBe("a,b\r\n1,'=x\r\ny,\r\n");
  });
});
