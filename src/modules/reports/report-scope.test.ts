import { describe, expect, it } from 'vitest';
import { ALL, where } from '../../core/scope';
import { areaRows } from './report-scope';

describe('areaRows: the rows of a report area, as data', () => {
  it('the country is every row; a province and a commune their own column', () => {
    expect(areaRows({ code: null, level: 'country' })).toEqual(ALL);
    expect(areaRows({ code: '38', level: 'province' })).toEqual(where('province', '38'));
    expect(areaRows({ code: '14758', level: 'commune' })).toEqual(where('commune', '14758'));
  });
});
