/**
 * The producer form as an officer fills it in (issue 12, defect 8): a founding year in the future
 * is refused with the allowed range, and an empty commune choice asks to choose a commune instead
 * of describing the 5-digit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';

let t: TestApp;
let officer: AuthedUser;
const NOW = new Date('2026-12-06T05:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => NOW });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
});
afterAll(() => t?.close());

const valid = (n: number) => ({
  name: `HTX Năm thành lập ${n}`, kind: 'cooperative', communeCode: AREAS.hamRong, address: 'Thôn 1', representative: 'Nguyễn Văn A',
});
const postPage = (fields: Record<string, string>) => t.app.inject({
  method: 'POST', url: '/admin/producers',
  headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  payload: new URLSearchParams({ _csrf: officer.csrf!, ...fields }).toString(),
});

describe('founding year', () => {
  it('refuses a year after the current one (API), naming the range', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: { ...valid(1), foundedYear: 2099 } });
    const e = expectError(res, 400, 'validation_failed');
    expect(e.fields).toEqual({ foundedYear: 'a year from 1900 to this year (2026)' });
    const before = await t.app.inject({ method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: { ...valid(2), foundedYear: 1850 } });
    expect(expectError(before, 400, 'validation_failed').fields).toEqual({ foundedYear: 'a year from 1900 to this year (2026)' });
  });

  it('accepts this year and says the range on the form', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: { ...valid(3), foundedYear: 2026 } });
    expect(ok.statusCode, ok.body).toBe(201);
    const res = await postPage({ ...valid(4), foundedYear: '2099' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Năm thành lập từ 1900 đến năm nay (2026).');
  });

  it('refuses a future year on edit too', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: valid(5) });
    const id = (JSON.parse(created.body) as { id: string }).id;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/producers/${id}`, headers: officer.headers(), payload: { foundedYear: 2027 } });
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ foundedYear: 'a year from 1900 to this year (2026)' });
  });
});

describe('commune', () => {
  it('an empty choice asks to choose the commune, not for 5 digits', async () => {
    const res = await postPage({ ...valid(6), communeCode: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Xã/phường: Chọn xã/phường.');
    expect(res.body).not.toContain('gồm 5 chữ số');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: { ...valid(7), communeCode: '' } });
    const body = JSON.parse(api.body) as { error: { fieldCodes: Record<string, string> } };
    expect(body.error.fieldCodes).toEqual({ communeCode: 'commune.required' });
  });

  it('a malformed code still explains the 5 digits', async () => {
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: { ...valid(8), communeCode: '123' } });
    const body = JSON.parse(api.body) as { error: { fieldCodes: Record<string, string> } };
    expect(body.error.fieldCodes).toMatchObject({ communeCode: 'commune.format' });
  });
});
