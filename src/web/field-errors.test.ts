import { describe, expect, it } from 'vitest';
import { localizeFieldErrors } from './field-errors';

describe('localizeFieldErrors', () => {
  it('shows known field problems in Vietnamese and never leaks English to the vi UI', () => {
    const out = localizeFieldErrors({
      taxCode: 'tax code check digit does not match',
      kind: 'Invalid option: expected one of "enterprise"|"cooperative"',
      other: 'something nobody mapped',
    }, 'vi');
    expect(out.taxCode).toBe('Mã số thuế sai chữ số kiểm tra.');
    expect(out.kind).toBe('Hãy chọn một giá trị trong danh sách.');
    expect(out.other).toBe('Giá trị chưa hợp lệ.');
  });

  it('calls an empty required field missing, and only a short one too short', () => {
    const out = localizeFieldErrors({
      name: 'Too small: expected string to have >=1 characters',
      code: 'Too small: expected string to have >=5 characters',
    }, 'vi');
    expect(out.name).toMatch(/^Bắt buộc/);
    expect(out.code).toBe('Quá ngắn.');
  });

  it('keeps the original messages in English', () => {
    const fields = { taxCode: 'tax code check digit does not match' };
    expect(localizeFieldErrors(fields, 'en')).toEqual(fields);
  });
});
