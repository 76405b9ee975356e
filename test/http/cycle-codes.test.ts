/**
 * Field errors of ideas and plans as codes: the API keeps the English text per field and adds the
 * code; the Vietnamese pages show the translation, and a state conflict is listed on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, DEFAULT_PRODUCT_SET } from '../helpers/builders';

let t: TestApp;
let producer: AuthedUser;
let commune: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true });
});
afterAll(() => t?.close());

const idea = {
  name: 'Trà hoa vàng Hàm Rồng', productSetCode: DEFAULT_PRODUCT_SET,
  description: 'Trà túi lọc từ hoa trà vàng trồng dưới tán rừng.',
  rawMaterials: 'Hoa trà vàng của 12 hộ trong phường.', expectedMarket: 'Khách du lịch, cửa hàng OCOP trong tỉnh.',
};
const post = (url: string, who: AuthedUser, fields: Record<string, string>) => t.app.inject({
  method: 'POST', url, payload: new URLSearchParams({ _csrf: who.csrf!, ...fields }).toString(),
  headers: { cookie: who.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
});

interface CodedError { fields?: Record<string, string>; fieldCodes?: Record<string, string> }

describe('idea field errors', () => {
  it('an unknown product set and producer: English with codes over the API', async () => {
    const e = expectError(await t.app.inject({ method: 'POST', url: '/api/v1/ideas', headers: producer.headers(), payload: { ...idea, productSetCode: '999' } }), 400, 'validation_failed') as CodedError;
    expect(e.fields).toEqual({ productSetCode: 'unknown product set' });
    expect(e.fieldCodes).toEqual({ productSetCode: 'idea.unknown_product_set' });
    const officer = expectError(await t.app.inject({ method: 'POST', url: '/api/v1/ideas', headers: commune.headers(), payload: idea }), 400, 'validation_failed') as CodedError;
    expect(officer.fields).toEqual({ producerId: 'choose the producer' });
    expect(officer.fieldCodes).toEqual({ producerId: 'idea.choose_producer' });
  });

  it('the Vietnamese form shows the translations, never the English', async () => {
    const page = await post('/admin/ideas', producer, { ...idea, productSetCode: '999' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Bộ sản phẩm không có trong danh mục.');
    expect(page.body).not.toContain('unknown product set');
  });

  it('returning without a comment, then a stale accept: a Vietnamese field error, then the conflict as one line', async () => {
    const created = await post('/admin/ideas', producer, idea);
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location).split('?')[0]!;
    const id = url.split('/').at(-1)!;
    expect((await post(`${url}/transitions`, producer, { action: 'submit' })).statusCode).toBe(303);
    const api = expectError(await t.app.inject({ method: 'POST', url: `/api/v1/ideas/${id}/transitions`, headers: commune.headers(), payload: { action: 'return' } }), 400, 'validation_failed') as CodedError;
    expect(api.fields).toEqual({ comment: 'a comment is required when returning' });
    expect(api.fieldCodes).toEqual({ comment: 'cycle.comment_required' });
    const missing = await post(`${url}/transitions`, commune, { action: 'return' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Hãy ghi ý kiến khi trả lại hồ sơ.');
    expect((await post(`${url}/transitions`, commune, { action: 'return', comment: 'Ghi rõ vùng nguyên liệu.' })).statusCode).toBe(303);
    const stale = await post(`${url}/transitions`, commune, { action: 'accept' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('href="#field-form">Trạng thái hiện tại của hồ sơ không cho phép thao tác này.');
  });
});
