import { describe, expect, it } from 'vitest';
import { apiFieldCodes, apiFieldMessages, fieldMessages } from '../../web/field-errors';
import { candidateCodes, checkReportInput } from './reports.service';

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

describe('a report\'s contact and the codes it may be about', () => {
  it('a contact is a Vietnamese phone number or an e-mail address, kept in normal form', () => {
    const bad = checkReportInput({ code: '', message: 'Tem in mờ và nhòe', placeSeen: 'Chợ', contact: 'abc', website: '' });
    expect(apiFieldCodes(bad.fields)).toEqual({ contact: 'report.contact_invalid' });
    expect(fieldMessages(bad.fields, 'vi').contact).toContain('số điện thoại Việt Nam');
    const good = checkReportInput({ code: '', message: 'Tem in mờ và nhòe', placeSeen: 'Chợ', contact: '+84 912-345-678', website: '' });
    expect(good.value.contact).toBe('0912345678');
  });

  it('finds certificate numbers and serials inside the code box, the message and the place', () => {
    expect(candidateCodes('Số GCN: OCOP-38-2025-00001', '', '')).toEqual(['Số GCN: OCOP-38-2025-00001', 'OCOP-38-2025-00001']);
    expect(candidateCodes('', 'hộp ghi ocop 38 2025 00001, tem 38K7QA-000123-M4XZ2P', '')).toEqual(['OCOP-38-2025-00001', '38K7QA-000123-M4XZ2P']);
    expect(candidateCodes('OCOP-38-2025-00001', 'OCOP-38-2025-00001', '')).toEqual(['OCOP-38-2025-00001']);
    expect(candidateCodes('a b c d e f g h', 'OCOP-01-2020-1111 OCOP-02-2020-2222 OCOP-04-2020-3333 OCOP-06-2020-4444 OCOP-08-2020-5555 OCOP-10-2020-6666', '')).toHaveLength(6);
  });
});
