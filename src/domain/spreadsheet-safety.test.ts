import { describe, it, expect } from 'vitest';
import { neutralizeCell } from './spreadsheet-safety';

describe('neutralizeCell', () => {
  it('prefixes values starting with each formula trigger', () => {
    expect(neutralizeCell('=1+1')).toBe("'=1+1");
    expect(neutralizeCell('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(neutralizeCell('+SUM(A1:A2)')).toBe("'+SUM(A1:A2)");
    expect(neutralizeCell('-2+3')).toBe("'-2+3");
    expect(neutralizeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeCell('\t=1+1')).toBe("'\t=1+1");
    expect(neutralizeCell('\r=1+1')).toBe("'\r=1+1");
  });

  it('leaves plain negative numbers alone', () => {
    expect(neutralizeCell('-12')).toBe('-12');
    expect(neutralizeCell('-3.5')).toBe('-3.5');
    expect(neutralizeCell('-3,5')).toBe('-3,5');
    expect(neutralizeCell('-0')).toBe('-0');
  });

  it('still neutralises things that only look numeric', () => {
    expect(neutralizeCell('-')).toBe("'-");
    expect(neutralizeCell('-12abc')).toBe("'-12abc");
    expect(neutralizeCell('-1.2.3')).toBe("'-1.2.3");
    expect(neutralizeCell('-3.')).toBe("'-3.");
    expect(neutralizeCell('+84912345678')).toBe("'+84912345678");
    expect(neutralizeCell('-1+cmd|/C calc!A0')).toBe("'-1+cmd|/C calc!A0");
  });

  it('leaves ordinary text untouched', () => {
    expect(neutralizeCell('')).toBe('');
    expect(neutralizeCell('Mật ong Bắc Sơn')).toBe('Mật ong Bắc Sơn');
    expect(neutralizeCell('12')).toBe('12');
    expect(neutralizeCell('a=b')).toBe('a=b');
    expect(neutralizeCell("'=already")).toBe("'=already");
  });
});
