/**
 * Registry field errors are codes: the API answers the English text (unchanged) and the code of
 * each field; the back-office forms show the Vietnamese translation, never the English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { makeTaxCode } from '../../src/domain/tax-code';
import { createUser } from '../../src/modules/identity/identity.service';
import { AppError } from '../../src/errors';

let t: TestApp;
let thanhHoa: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  thanhHoa = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
});
afterAll(() => t.close());

const post = (url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: thanhHoa.headers(), payload: payload as object });

describe('registry field codes', () => {
  it('the API answers English text and the field codes', async () => {
    const res = await post('/api/v1/producers', {
      name: 'HTX Mã lỗi', kind: 'cooperative', communeCode: '123', taxCode: '0100109107', phone: '12345', email: 'x@',
    });
    const e = expectError(res, 400, 'validation_failed');
    expect(e.fields).toMatchObject({ communeCode: 'a 5-digit commune code' });
    const body = JSON.parse(res.body) as { error: { fieldCodes: Record<string, string> } };
    expect(body.error.fieldCodes).toMatchObject({ communeCode: 'commune.format' });

    const res2 = await post('/api/v1/producers', {
      name: 'HTX Mã lỗi 2', kind: 'cooperative', communeCode: AREAS.hamRong, taxCode: '0100109107', phone: '12345', email: 'x@',
    });
    const e2 = expectError(res2, 400, 'validation_failed');
    expect(e2.fields).toEqual({
      taxCode: 'tax code check digit does not match', phone: 'not a Vietnamese phone number', email: 'not a valid e-mail address',
    });
    expect((JSON.parse(res2.body) as { error: { fieldCodes: unknown } }).error.fieldCodes)
      .toEqual({ taxCode: 'tax_code.check_digit', phone: 'phone.invalid', email: 'email.invalid' });
  });

  it('a duplicate tax code and a GTIN check digit come back as codes', async () => {
    const p = await buildProducer(t.ctx, { communeCode: AREAS.hamRong, taxCode: makeTaxCode(7777) });
    const dup = await post('/api/v1/producers', { name: 'Khác hẳn', kind: 'cooperative', communeCode: AREAS.hamRong, taxCode: p.taxCode });
    expect(expectError(dup, 409, 'duplicate').fields).toEqual({ taxCode: 'already registered' });
    const gtin = await post('/api/v1/products', { producerId: p.id, name: 'Chè', productSetCode: '11', gtin: '8930000000001' });
    expect(expectError(gtin, 400, 'validation_failed').fields).toEqual({ gtin: 'GTIN-13 check digit does not match' });
  });

  it('the producer form shows Vietnamese messages, never the English', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/admin/producers',
      headers: { ...thanhHoa.sessionHeaders(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({
        _csrf: thanhHoa.csrf!, name: 'HTX Thử', kind: 'cooperative', communeCode: '99999', taxCode: '0100109107', phone: '123', email: 'x@',
      }).toString(),
    });
    expect(res.statusCode).toBe(400);
    for (const vi of ['Mã số thuế sai chữ số kiểm tra.', 'Số điện thoại không đúng định dạng Việt Nam.', 'Địa chỉ thư điện tử không hợp lệ.']) {
      expect(res.body).toContain(vi);
    }
    for (const en of ['check digit', 'phone number', 'e-mail address', 'commune code']) expect(res.body).not.toContain(en);
  });

  it('account checks raise codes with the old English text', async () => {
    const e = await createUser(t.ctx, { username: 'x', password: 'short', role: 'province_officer' }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).fields).toEqual({
      username: { code: 'username.format' },
      password: { code: 'password.too_short', params: { min: 12 } },
      areaCode: { code: 'area.required_for_role', params: { role: 'province_officer' } },
    });
  });
});
