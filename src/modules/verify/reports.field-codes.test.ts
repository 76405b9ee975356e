import { describe, expect, it } from 'vitest';
import { apiFieldCodes, apiFieldMessages, fieldMessages } from '../../web/field-errors';
import { checkReportInput } from './reports.service';

describe('fake report checks raise codes (old English for the API, Vietnamese for pages)', () => {
  it('too short a message, no place, too long a contact', () => {
    const { fields } = checkReportInput({ code: '', message: 'ngắn', placeSeen: '', contact: 'x'.repeat(201), website: '' });
    expect(apiFieldCodes(fields)).toEqual({ message: 'report.message_too_short', placeSeen: 'report.place_missing', contact: 'report.too_long' });
    expect(apiFieldMessages(fields)).toEqual({
      message: 'describe what you saw in at least 10 characters',
      placeSeen: 'say where you saw the product (shop, market, website)',
      contact: 'at most 200 characters',
    });
    const vi = fieldMessages(fields, 'vi');
    expect(vi.message).toContain('ít nhất 10 ký tự');
    expect(vi.contact).toBe('Tối đa 200 ký tự.');
  });
});
