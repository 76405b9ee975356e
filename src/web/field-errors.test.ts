import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problem, zodCode, zodFieldErrors } from '../errors';
import { apiFieldCodes, apiFieldMessages, fieldMessage, fieldMessages } from './field-errors';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues;
};

describe('field problems as codes', () => {
  it('are translated by the owning module, in Vietnamese and in English', () => {
    const p = problem('tax_code.check_digit');
    expect(fieldMessage(p, 'vi')).toBe('Mã số thuế sai chữ số kiểm tra.');
    expect(fieldMessage(p, 'en')).toMatch(/check digit/);
    expect(fieldMessages({ taxCode: p }, 'vi')).toEqual({ taxCode: 'Mã số thuế sai chữ số kiểm tra.' });
  });

  it('fill their parameters', () => {
    expect(fieldMessage(problem('too_long', { max: 200 }), 'vi')).toBe('Quá dài (tối đa 200 ký tự).');
    expect(fieldMessage(problem('too_long', { max: 200 }), 'en')).toBe('Too long (at most 200 characters).');
  });

  it('give the API English text and the code of each field', () => {
    const fields = { taxCode: problem('tax_code.check_digit'), name: { ...problem('required'), message: 'Too small: expected string to have >=1 characters' } };
    expect(apiFieldMessages(fields)).toEqual({ taxCode: fieldMessage(fields.taxCode, 'en'), name: 'Too small: expected string to have >=1 characters' });
    expect(apiFieldCodes(fields)).toEqual({ taxCode: 'tax_code.check_digit', name: 'required' });
  });
});

describe('zod issues', () => {
  it('map to generic codes by their kind, keeping zod\'s English for the API', () => {
    const schema = z.object({
      name: z.string().min(1), code: z.string().min(5), note: z.string().max(3), kind: z.enum(['a', 'b']),
      amount: z.number(), tags: z.array(z.string()).min(2),
    });
    const fields = zodFieldErrors(issuesOf(schema, { name: '', code: 'ab', note: 'abcd', kind: 'c', amount: 'x', tags: ['t'] }));
    expect(Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, [p.code, p.params]]))).toEqual({
      name: ['required', undefined], code: ['too_short', { min: 5 }], note: ['too_long', { max: 3 }],
      kind: ['invalid_option', undefined], amount: ['not_a_number', undefined], tags: ['too_few', { min: 2 }],
    });
    expect(fields.name!.message).toMatch(/^Too small/);
    expect(fieldMessage(fields.name!, 'vi')).toMatch(/^Bắt buộc/);
  });

  it('name their own code in a refinement, with parameters', () => {
    const schema = z.object({ taxCode: z.string().refine((s) => s === 'ok', zodCode('tax_code.check_digit')) });
    const fields = zodFieldErrors(issuesOf(schema, { taxCode: 'x' }));
    expect(fields.taxCode).toEqual({ code: 'tax_code.check_digit' });
    expect(apiFieldMessages(fields).taxCode).toBe(fieldMessage(problem('tax_code.check_digit'), 'en'));
  });
});
