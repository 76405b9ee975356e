/**
 * Printable documents: the certificate PDF (A4, embedded DejaVu font, QR code to /v/<number>)
 * for officers in scope and the owner only, and the council minutes of a closed round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildClosedRound, draftBody, type BuiltRound } from '../helpers/certification-fixtures';
import { verificationUrl } from '../../src/domain/decision';

let t: TestApp;
let province: AuthedUser;
let haNoi: AuthedUser;
let owner: AuthedUser;
let otherProducer: AuthedUser;
let round: BuiltRound;
let number: string;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z'), env: { PUBLIC_BASE_URL: 'https://ocop.example.vn/' } });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  round = await buildClosedRound(t.ctx, { results: [{ mean: 84.33 }, { mean: 58 }, { mean: 31 }] });
  owner = await asUser(t.app, t.deps, { role: 'producer', producerId: round.results[0]!.producerId });
  otherProducer = await asUser(t.app, t.deps, { role: 'producer', producerId: round.results[1]!.producerId });
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: province.headers(), payload: draftBody(round.id) }));
  const approved = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: province.headers(), payload: {} }));
  number = approved.items.find((i: { dossierId: string }) => i.dossierId === round.results[0]!.dossierId).certificateNumber;
});
afterAll(() => t?.close());

const get = (url: string, who?: AuthedUser) => t.app.inject({ url, headers: who?.headers() ?? {} });

describe('the verification address', () => {
  it('is <base>/v/<number>, the base without trailing slashes and the number URL-encoded', () => {
    expect(verificationUrl('https://ocop.example.vn/', 'OCOP-38-2026-00001')).toBe('https://ocop.example.vn/v/OCOP-38-2026-00001');
    expect(verificationUrl('http://localhost:3000', '12/GCN-UBND')).toBe('http://localhost:3000/v/12%2FGCN-UBND');
  });
});

describe('GET /api/v1/certificates/:number/pdf', () => {
  it('is an A4 PDF with the embedded DejaVu font whose QR code leads to /v/<number>', async () => {
    const res = await get(`/api/v1/certificates/${number}/pdf`, province);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`chung-nhan-${number}.pdf`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/FontFile2/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]');
    // The address the QR code encodes is also in the document's metadata.
    expect(text).toContain(`https://ocop.example.vn/v/${number}`);
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('uses the request\'s origin when PUBLIC_BASE_URL is unset', async () => {
    const t2 = await testApp({ env: { PUBLIC_BASE_URL: undefined, ALLOWED_HOSTS: 'ocop.tinh.gov.vn' } });
    try {
      const r2 = await buildClosedRound(t2.ctx, { results: [{ mean: 70 }] });
      const officer = await asUser(t2.app, t2.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
      const d = json(await t2.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(r2.id) }));
      const n = json(await t2.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: officer.headers(), payload: {} })).items[0].certificateNumber;
      const res = await t2.app.inject({ url: `/api/v1/certificates/${n.toLowerCase()}/pdf`, headers: officer.headers({ host: 'ocop.tinh.gov.vn' }) });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.toString('latin1')).toContain(`http://ocop.tinh.gov.vn/v/${n}`);
    } finally {
      await t2.close();
    }
  });

  it('is for officers in scope and the owner only', async () => {
    expect((await get(`/api/v1/certificates/${number}/pdf`, owner)).statusCode).toBe(200);
    expectError(await get(`/api/v1/certificates/${number}/pdf`, otherProducer), 404, 'not_found');
    expectError(await get(`/api/v1/certificates/${number}/pdf`, haNoi), 404, 'not_found');
    expectError(await get(`/api/v1/certificates/${number}/pdf`), 401, 'unauthenticated');
    expectError(await get('/api/v1/certificates/OCOP-38-2026-99999/pdf', province), 404, 'not_found');
  });

  it('the certificate reads the same through the API, case-insensitively', async () => {
    const c = json(await get(`/api/v1/certificates/${number.toLowerCase()}`, owner));
    expect(c).toMatchObject({ number, stars: 4, score: 84.33, issuedOn: '2026-07-01', expiresOn: '2029-07-01', status: 'valid', canRevoke: false });
    expect(json(await get(`/api/v1/certificates/${number}`, province)).canRevoke).toBe(true);
    const mine = json(await get('/api/v1/certificates', owner));
    expect(mine.items.map((x: { number: string }) => x.number)).toEqual([number]);
    expect(json(await get('/api/v1/certificates?stars=3', province)).items.every((x: { stars: number }) => x.stars === 3)).toBe(true);
    expect(json(await get('/api/v1/certificates', haNoi)).total).toBe(0);
  });
});

describe('GET /api/v1/rounds/:id/minutes.pdf', () => {
  it('is a PDF for the round\'s officers and council members', async () => {
    const res = await get(`/api/v1/rounds/${round.id}/minutes.pdf`, province);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    const { createApiToken } = await import('../../src/modules/identity/identity.service');
    const { ctxForUser } = await import('../helpers/users');
    const memberCtx = await ctxForUser(t.deps, round.memberUserIds[0]!);
    const token = await createApiToken(t.ctx, memberCtx.actor!.username, 'test');
    expect((await t.app.inject({ url: `/api/v1/rounds/${round.id}/minutes.pdf`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const outsider = await asUser(t.app, t.deps, { role: 'council_member' });
    expectError(await get(`/api/v1/rounds/${round.id}/minutes.pdf`, outsider), 404, 'not_found');
    expectError(await get(`/api/v1/rounds/${round.id}/minutes.pdf`, haNoi), 404, 'not_found');
    expectError(await get(`/api/v1/rounds/${round.id}/minutes.pdf`, owner), 403, 'forbidden');
  });
});
