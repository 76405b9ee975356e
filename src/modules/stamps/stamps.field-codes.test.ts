import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { apiFieldCodes, apiFieldMessages, fieldMessages } from '../../web/field-errors';
import { sheetRange } from './stamps.service';
import { MAX_SHEET_STAMPS } from './stamps.schema';

const failure = (fn: () => unknown): AppError => {
  try { fn(); } catch (e) { if (e instanceof AppError) return e; throw e; }
  throw new Error('did not fail');
};

describe('stamp range errors are codes: the old English for the API, Vietnamese for pages', () => {
  it('beyond the batch, before from, too many per sheet', () => {
    const beyond = failure(() => sheetRange(50, { from: 60, to: 70 }));
    expect(apiFieldCodes(beyond.fields!)).toEqual({ from: 'stamps.beyond_batch', to: 'stamps.beyond_batch' });
    expect(apiFieldMessages(beyond.fields!)).toEqual({ from: 'beyond the batch (50 stamps)', to: 'beyond the batch (50 stamps)' });
    expect(fieldMessages(beyond.fields!, 'vi').from).toBe('Vượt quá số tem của lô (50 tem).');

    expect(apiFieldMessages(failure(() => sheetRange(50, { from: 10, to: 5 })).fields!)).toEqual({ to: 'before from' });
    const long = failure(() => sheetRange(10_000, { from: 1, to: 5_000 }));
    expect(apiFieldMessages(long.fields!)).toEqual({ to: `at most ${MAX_SHEET_STAMPS} stamps per sheet request: print the batch in parts` });
    expect(fieldMessages(long.fields!, 'vi').to).toContain(String(MAX_SHEET_STAMPS));
  });
});
