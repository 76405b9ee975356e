/**
 * Public verification (first version): GET /api/v1/verify/:code and the page /v/:code — valid,
 * expired (by moving the clock), revoked, superseded, unknown; case-insensitive; over-long and
 * injection-looking codes answer 200 unknown; caching headers; four distinct page states, vi and en.
 * (Cache, stamps, floods and faults: verify-hotpath.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildClosedRound, draftBody } from '../helpers/certification-fixtures';

let t: TestApp;
let province: AuthedUser;
let now = new Date('2026-07-02T03:00:00Z');
let valid: string;
let toRevoke: string;
let old: string;
let upgraded: string;

async function certify(results: { mean: number; productId?: string }[], decisionDate = '2026-07-01'): Promise<string[]> {
  const round = await buildClosedRound(t.ctx, { results });
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: province.headers(), payload: draftBody(round.id, { decisionDate }) }));
  const a = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: province.headers(), payload: {} }));
  return round.results.map((r) => a.items.find((i: { dossierId: string }) => i.dossierId === r.dossierId).certificateNumber);
}

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  [valid = '', toRevoke = ''] = await certify([{ mean: 72.5 }, { mean: 66 }]);
  const first = await buildClosedRound(t.ctx, { results: [{ mean: 61 }] });
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: province.headers(), payload: draftBody(first.id, { decisionDate: '2026-06-01' }) }));
  old = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: province.headers(), payload: {} })).items[0].certificateNumber;
  [upgraded = ''] = await certify([{ mean: 80, productId: first.results[0]!.productId }]);
});
afterAll(() => t?.close());

const verify = (code: string) => t.app.inject({ url: `/api/v1/verify/${code}` });

describe('GET /api/v1/verify/:code (public)', () => {
  it('a valid certificate, without authentication; a CDN may keep it one second, browsers not at all', async () => {
    const res = await verify(valid);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=0, s-maxage=1');
    const body = json(res);
    expect(body).toMatchObject({
      status: 'valid', product: { stars: 4 }, producer: { provinceName: 'Tỉnh Thanh Hóa' },
      certificate: { number: valid, issuedOn: '2026-07-01', expiresOn: '2029-07-01' }, reason: null, supersededBy: null,
    });
    expect(body.product.name).toMatch(/Mật ong/);
    expect(body.producer.name).toMatch(/Hợp tác xã/);
  });

  it('matches codes case-insensitively and with surrounding spaces', async () => {
    expect(json(await verify(valid.toLowerCase())).status).toBe('valid');
    expect(json(await verify(encodeURIComponent(` ${valid} `))).certificate.number).toBe(valid);
  });

  it('answers 200 unknown for unknown, over-long and injection-looking codes', async () => {
    const cases = [
      'OCOP-38-2026-99999', 'x'.repeat(65), 'A'.repeat(300), encodeURIComponent("' OR 1=1 --"), encodeURIComponent('%'),
      encodeURIComponent('<script>alert(1)</script>'), encodeURIComponent(`${valid}'; drop table certificates;--`), 'a/b/c', encodeURIComponent('_'),
    ];
    for (const c of cases) {
      const res = await verify(c);
      expect(res.statusCode, c).toBe(200);
      expect(json(res), c).toMatchObject({ status: 'unknown', product: null, producer: null, certificate: null });
    }
    // The table is still there.
    expect(json(await verify(valid)).status).toBe('valid');
  });

  it('a superseded certificate answers expired, naming the one that replaced it', async () => {
    const body = json(await verify(old));
    expect(body).toMatchObject({ status: 'expired', reason: 'superseded', supersededBy: { number: upgraded, stars: 4 } });
    expect(json(await verify(upgraded)).status).toBe('valid');
  });

  it('a revocation shows at once', async () => {
    expect(json(await verify(toRevoke)).status).toBe('valid');
    const r = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${toRevoke}/revoke`, headers: province.headers(),
      payload: { reason: 'Hậu kiểm: sản phẩm không còn đạt chỉ tiêu an toàn thực phẩm', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(await verify(toRevoke))).toMatchObject({ status: 'revoked', reason: 'revoked', revokedOn: '2026-07-02' });
  });

  it('expiry follows the app clock: valid on the last day, expired on expiresOn', async () => {
    now = new Date('2029-06-30T16:00:00Z'); // 2029-06-30 23:00 in Vietnam
    expect(json(await verify(valid)).status).toBe('valid');
    now = new Date('2029-06-30T17:30:00Z'); // 2029-07-01 00:30 in Vietnam
    expect(json(await verify(valid))).toMatchObject({ status: 'expired', reason: 'expired', checkedOn: '2029-07-01' });
    now = new Date('2026-07-02T03:00:00Z');
  });

  it('before its issue date a certificate is not yet valid — never "valid" (api.md not_yet_valid)', async () => {
    now = new Date('2026-06-30T16:00:00Z'); // 2026-06-30 23:00 in Vietnam; issued 2026-07-01
    expect(json(await verify(valid))).toMatchObject({ status: 'not_yet_valid', reason: 'not_yet_valid', certificate: { issuedOn: '2026-07-01' } });
    const page = await t.app.inject({ url: `/v/${valid}` });
    expect(page.body).toContain('data-status="not_yet_valid"');
    expect(page.body).toContain('CHƯA CÓ HIỆU LỰC');
    expect(page.body).not.toContain('HỢP LỆ');
    now = new Date('2026-06-30T17:30:00Z'); // 2026-07-01 00:30 in Vietnam: the issue date
    expect(json(await verify(valid)).status).toBe('valid');
    now = new Date('2026-07-02T03:00:00Z');
  });

  it('is in the OpenAPI document', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    expect(doc.paths['/api/v1/verify/{code}']?.get).toBeDefined();
  });
});

describe('GET /v/:code (the page people land on from the QR code)', () => {
  const page = (code: string, lang?: string) => t.app.inject({ url: `/v/${code}${lang ? `?lang=${lang}` : ''}` });

  it('shows four unmistakably different states with words, icons and the certificate\'s facts', async () => {
    const seen = new Map<string, string>();
    for (const [code, status, word] of [[valid, 'valid', 'HỢP LỆ'], [old, 'expired', 'HẾT HIỆU LỰC'], [toRevoke, 'revoked', 'ĐÃ BỊ THU HỒI'], ['KHONG-CO-SO-NAY', 'unknown', 'KHÔNG TÌM THẤY']] as const) {
      const res = await page(code);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.body).toContain(`data-status="${status}"`);
      expect(res.body).toContain(`verify-verdict--${status}`);
      expect(res.body).toContain(word);
      expect(res.body).toMatch(/<svg class="icon verify-icon"/);
      expect(res.body).not.toContain('<script>alert');
      seen.set(status, res.body);
    }
    const v = seen.get('valid')!;
    expect(v).toContain('Tỉnh Thanh Hóa');
    expect(v).toContain('30/06/2029');
    expect(v).toContain('Mật ong');
    expect(seen.get('expired')).toContain(`/v/${upgraded}`);
  });

  it('speaks English with ?lang=en, and works for long or odd codes', async () => {
    const en = await page(valid, 'en');
    expect(en.body).toContain('VALID');
    expect(en.body).toContain('<html lang="en"');
    const long = await page('Z'.repeat(150));
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain('data-status="unknown"');
    const injected = await page(encodeURIComponent('<script>alert(1)</script>'));
    expect(injected.statusCode).toBe(200);
    expect(injected.body).not.toContain('<script>alert(1)');
  });

  it('the lookup form sends people to /v/<code>', async () => {
    const res = await t.app.inject({ url: `/v?code=${encodeURIComponent(valid.toLowerCase())}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/v/${valid.toLowerCase()}`);
    expect((await t.app.inject({ url: '/v' })).statusCode).toBe(200);
  });
});
