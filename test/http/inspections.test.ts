/**
 * Inspections API: plans (CRUD, transitions, stale versions), the multi-agency team, visits with
 * checks and outcomes (validation: period, province, products of the producer, proposals), scope
 * (403/404, commune officers read their commune's visits), counts ("N/M producers, K products"),
 * and revocation proposals: revoked through the certificate API (the proposal reads revoked and
 * verification says revoked), revoked from the board's API, or dismissed by the authority.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { certify, type Certified } from '../helpers/verify-fixtures';
import { products } from '../../src/modules/registry/registry.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { inspectionVisits, revocationProposals } from '../../src/modules/inspections/inspections.tables';
import { statsText } from '../../src/modules/inspections/inspections.service';

let t: TestApp;
let officer: AuthedUser;
let inspector: AuthedUser;
let admin: AuthedUser;
let hanoi: AuthedUser;
let communeHere: AuthedUser;
let communeElse: AuthedUser;
let producerUser: AuthedUser;
let certs: Certified[];
const producerOf: Record<string, string> = {};
let planId: string;

const api = (u: AuthedUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1/inspections${url}`, headers: u.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-11-20T03:00:00Z') });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  hanoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  communeHere = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
  communeElse = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh });
  producerUser = await asUser(t.app, t.deps, { role: 'producer' });
  certs = await certify(t, officer, [{ mean: 72 }, { mean: 86 }, { mean: 75 }]);
  const rows = await t.deps.database.db.select({ id: products.id, producerId: products.producerId }).from(products)
    .where(inArray(products.id, certs.map((c) => c.productId)));
  for (const r of rows) producerOf[r.id] = r.producerId;
});
afterAll(() => t?.close());

const visit = (c: Certified, extra: Record<string, unknown> = {}) => ({
  producerId: producerOf[c.productId], visitedOn: '2026-11-10', checks: [{ productId: c.productId, finding: null }], outcome: 'compliant', ...extra,
});

describe('plans', () => {
  it('an inspector of the province creates a plan; other provinces and roles cannot see or make it', async () => {
    const res = await api(inspector, 'POST', '/plans', { title: 'Kiểm tra sau công nhận OCOP năm 2026', provinceCode: '38', periodStart: '2026-10-01', periodEnd: '2026-12-31', plannedProducers: 3 });
    expect(res.statusCode, res.body).toBe(201);
    const p = json(res);
    expect(p).toMatchObject({ status: 'planned', provinceName: 'Tỉnh Thanh Hóa', plannedProducers: 3, version: 1, actions: { manage: true, transitions: ['start'] } });
    expect(p.stats).toMatchObject({ producersVisited: 0, producersPlanned: 3, productsChecked: 0 });
    planId = p.id;

    expectError(await api(hanoi, 'POST', '/plans', { title: 'X', provinceCode: '38', periodStart: '2026-10-01', periodEnd: '2026-12-31' }), 403, 'forbidden');
    expectError(await api(hanoi, 'GET', `/plans/${planId}`), 404, 'not_found');
    expect(json(await api(hanoi, 'GET', '/plans')).total).toBe(0);
    expect(json(await api(admin, 'GET', '/plans')).total).toBe(1);
    expectError(await api(communeHere, 'GET', '/plans'), 403, 'forbidden');
    expectError(await api(producerUser, 'GET', '/plans'), 403, 'forbidden');
    expectError(await api(officer, 'GET', '/plans/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('validates the period and the province', async () => {
    const e = expectError(await api(officer, 'POST', '/plans', { title: 'Sai kỳ', provinceCode: '38', periodStart: '2026-12-01', periodEnd: '2026-10-01' }), 400, 'validation_failed');
    expect(e.fields).toHaveProperty('periodEnd');
    expect(expectError(await api(officer, 'POST', '/plans', { title: 'Sai ngày', provinceCode: '38', periodStart: '2026-02-30', periodEnd: '2026-10-01' }), 400, 'validation_failed').fields)
      .toHaveProperty('periodStart');
    expect(expectError(await api(admin, 'POST', '/plans', { title: 'Không có tỉnh', provinceCode: '99', periodStart: '2026-01-01', periodEnd: '2026-10-01' }), 400, 'validation_failed').fields)
      .toHaveProperty('provinceCode');
  });

  it('edits at a version (stale → 409) and refuses moves the table does not allow', async () => {
    const ok = await api(officer, 'PATCH', `/plans/${planId}`, { plannedProducers: 2, version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ plannedProducers: 2, version: 2 });
    expectError(await api(officer, 'PATCH', `/plans/${planId}`, { title: 'Cũ', version: 1 }), 409, 'conflict');
    expectError(await api(officer, 'POST', `/plans/${planId}/transition`, { action: 'close' }), 409, 'invalid_transition');
    expectError(await api(officer, 'POST', `/plans/${planId}/transition`, { action: 'reopen' }), 409, 'invalid_transition');
    expectError(await api(officer, 'POST', `/plans/${planId}/transition`, { action: 'start', version: 1 }), 409, 'conflict');
  });

  it('a multi-agency team with one lead', async () => {
    const lead = await api(officer, 'POST', `/plans/${planId}/team`, { fullName: 'Lê Văn Hùng', agency: 'Sở Nông nghiệp và Môi trường', role: 'lead' });
    expect(lead.statusCode, lead.body).toBe(201);
    expectError(await api(officer, 'POST', `/plans/${planId}/team`, { fullName: 'Trần B', agency: 'Sở Y tế', role: 'lead' }), 409, 'conflict');
    const m = json(await api(officer, 'POST', `/plans/${planId}/team`, { fullName: 'Nguyễn Thị Lan', agency: 'Chi cục Quản lý thị trường' }));
    expect(m.team.map((x: { fullName: string; role: string }) => `${x.role}:${x.fullName}`)).toEqual(['lead:Lê Văn Hùng', 'member:Nguyễn Thị Lan']);
    const gone = json(await api(officer, 'DELETE', `/plans/${planId}/team/${m.team[1].id}`));
    expect(gone.team).toHaveLength(1);
    expectError(await api(officer, 'POST', `/plans/${planId}/team`, { fullName: '', agency: 'Sở Y tế' }), 400, 'validation_failed');
  });

  it('deletes a plan without visits', async () => {
    const p = json(await api(officer, 'POST', '/plans', { title: 'Kế hoạch nháp', provinceCode: '38', periodStart: '2026-01-01', periodEnd: '2026-03-31' }));
    expect((await api(officer, 'DELETE', `/plans/${p.id}`)).statusCode).toBe(204);
    expectError(await api(officer, 'GET', `/plans/${p.id}`), 404, 'not_found');
  });
});

describe('visits', () => {
  it('refuses a date outside the period, a producer of another province, a product of another producer, a proposal without a product', async () => {
    const [a, b] = certs as [Certified, Certified];
    expect(expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, { visitedOn: '2026-09-30' })), 400, 'validation_failed').fields).toHaveProperty('visitedOn');
    const far = await buildProducer(t.ctx, { communeCode: AREAS.hoanKiem });
    expect(expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, { ...visit(a), producerId: far.id, checks: [] }), 400, 'validation_failed').fields).toHaveProperty('producerId');
    expect(expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, { checks: [{ productId: b.productId, finding: 'label_misuse' }] })), 400, 'validation_failed').fields)
      .toHaveProperty(['checks.0.productId']);
    expect(expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, { outcome: 'revocation_proposal' })), 400, 'validation_failed').fields)
      .toHaveProperty(['proposal.productId']);
    const uncertified = await buildProduct(t.ctx, { producerId: producerOf[a.productId]! });
    expect(expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, {
      checks: [{ productId: uncertified.id }], outcome: 'revocation_proposal', proposal: { productId: uncertified.id, reason: 'Không có giấy chứng nhận' },
    })), 400, 'validation_failed').fields).toHaveProperty(['proposal.productId']);
    expect(expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, { outcome: 'revocation_proposal', proposal: { productId: a.productId, reason: '' } })), 400, 'validation_failed').fields)
      .toHaveProperty(['proposal.reason']);
    expectError(await api(hanoi, 'POST', `/plans/${planId}/visits`, visit(a)), 404, 'not_found');
  });

  it('records a warning and a revocation proposal; the first visit starts the plan; counts say "2/2 producers, 2 products"', async () => {
    const [a, b] = certs as [Certified, Certified];
    const w = await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, { outcome: 'warning', checks: [{ productId: a.productId, finding: 'label_misuse', note: 'Dán nhãn 4 sao' }] }));
    expect(w.statusCode, w.body).toBe(201);
    expect(json(w)).toMatchObject({ outcome: 'warning', isSample: false, checks: [{ finding: 'label_misuse', certificate: { number: a.number } }], proposals: [] });
    expect(json(await api(officer, 'GET', `/plans/${planId}`)).status).toBe('in_progress');

    const r = await api(officer, 'POST', `/plans/${planId}/visits`, visit(b, {
      visitedOn: '2026-11-12', outcome: 'revocation_proposal', checks: [{ productId: b.productId, finding: 'quality_not_maintained' }],
      proposal: { productId: b.productId, reason: 'Mẫu kiểm nghiệm không đạt chỉ tiêu chất lượng đã công bố' },
    }));
    expect(r.statusCode, r.body).toBe(201);
    expect(json(r).proposals).toEqual([expect.objectContaining({ certificateNumber: b.number, status: 'open' })]);
    // A second open proposal for the same certificate is refused.
    expectError(await api(officer, 'POST', `/plans/${planId}/visits`, visit(b, { outcome: 'revocation_proposal', proposal: { productId: b.productId, reason: 'Lần nữa' } })), 409, 'duplicate');

    const p = json(await api(officer, 'GET', `/plans/${planId}`));
    expect(p.stats).toMatchObject({
      visits: 2, producersVisited: 2, producersPlanned: 2, productsChecked: 2, text: 'Đã kiểm tra 2/2 chủ thể, 2 sản phẩm',
      findings: { label_misuse: 1, quality_not_maintained: 1, expired_certificate_used: 0, other: 0, none: 0 },
      outcomes: { compliant: 0, warning: 1, revocation_proposal: 1, pending: 0 },
    });
    const area = json(await api(officer, 'GET', '/stats?area=38&from=2026-11-11&to=2026-11-30'));
    expect(area).toMatchObject({ visits: 1, producersVisited: 1, producersPlanned: 2, productsChecked: 1, outcomes: { revocation_proposal: 1 } });
    expect(json(await api(admin, 'GET', `/stats?planId=${planId}`)).text).toBe('Đã kiểm tra 2/2 chủ thể, 2 sản phẩm');
    expectError(await api(hanoi, 'GET', '/stats?area=38'), 403, 'forbidden');
    expectError(await api(officer, 'GET', '/stats?from=2026-13-01'), 400, 'validation_failed');
    expect(statsText({ producersVisited: 41, producersPlanned: 50, productsChecked: 334 })).toBe('Đã kiểm tra 41/50 chủ thể, 334 sản phẩm');
  });

  it('commune officers read visits to producers of their commune only', async () => {
    const mine = json(await api(communeHere, 'GET', '/visits'));
    expect(mine.total).toBe(2);
    expect((await api(communeHere, 'GET', `/visits/${mine.items[0].id}`)).statusCode).toBe(200);
    expect(json(await api(communeElse, 'GET', '/visits')).total).toBe(0);
    expectError(await api(communeElse, 'GET', `/visits/${mine.items[0].id}`), 404, 'not_found');
    expectError(await api(communeHere, 'POST', `/plans/${planId}/visits`, visit(certs[0]!)), 403, 'forbidden');
    expectError(await api(communeHere, 'GET', '/proposals'), 403, 'forbidden');
  });

  it('visits and proposals recorded by officers carry no sample badge on the pages', async () => {
    const session = await officer.login({ remoteAddress: '10.0.3.2' });
    const page = async (url: string) => (await t.app.inject({ url, headers: { cookie: session.cookie } })).body;
    const planPage = await page(`/admin/inspections/${planId}`);
    expect(planPage).toContain('id="insp-visits-h"');
    expect(planPage).not.toContain('badge--sample');
    const board = await page('/admin/inspections/proposals');
    expect(board).toContain('class="insp-proposals"');
    expect(board).not.toContain('badge--sample');
  });
});

describe('revocation proposals', () => {
  it('revoked through the certificate API: the proposal reads revoked and verification says revoked', async () => {
    const b = certs[1]!;
    const open = json(await api(officer, 'GET', '/proposals'));
    expect(open.items.map((p: { certificate: { number: string } }) => p.certificate.number)).toEqual([b.number]);
    const prop = open.items[0];
    expect(prop).toMatchObject({ status: 'open', isSample: false, actions: { revoke: true, dismiss: true }, visit: { planId } });
    // Rows recorded through the API are real records, not samples.
    const stored = await t.deps.database.db.select({ isSample: revocationProposals.isSample, visitSample: inspectionVisits.isSample }).from(revocationProposals)
      .innerJoin(inspectionVisits, eq(inspectionVisits.id, revocationProposals.visitId)).where(eq(revocationProposals.id, prop.id));
    expect(stored).toEqual([{ isSample: false, visitSample: false }]);
    // The inspector proposes; the province (the authority for 3–4★) decides.
    expect(json(await api(inspector, 'GET', `/proposals/${prop.id}`)).actions).toEqual({ revoke: false, dismiss: false });
    expectError(await api(inspector, 'POST', `/proposals/${prop.id}/dismiss`, { note: 'Không' }), 403, 'forbidden');
    expectError(await api(hanoi, 'GET', `/proposals/${prop.id}`), 404, 'not_found');

    const rv = await t.app.inject({ method: 'POST', url: `/api/v1/certificates/${encodeURIComponent(b.number)}/revoke`, headers: officer.headers(), payload: { reason: prop.reason, legalBasis: 'Biên bản kiểm tra số 12/BB-KT' } });
    expect(rv.statusCode, rv.body).toBe(200);
    expect(json(await api(officer, 'GET', `/proposals/${prop.id}`))).toMatchObject({ status: 'revoked', certificate: { state: 'revoked', revokedOn: '2026-11-20' }, actions: { revoke: false } });
    expect(json(await api(officer, 'GET', '/proposals')).total).toBe(0);
    expect(json(await api(officer, 'GET', '/proposals?status=revoked')).total).toBe(1);
    expect(json(await t.app.inject({ url: `/api/v1/verify/${encodeURIComponent(b.number)}` }))).toMatchObject({ status: 'revoked' });
    expectError(await api(officer, 'POST', `/proposals/${prop.id}/dismiss`, { note: 'muộn' }), 409, 'invalid_transition');
  });

  it('revoked from the proposals API (one transaction) and dismissed with a note', async () => {
    const [a, , c] = certs as [Certified, Certified, Certified];
    const v1 = json(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(c, {
      visitedOn: '2026-11-15', outcome: 'revocation_proposal', checks: [{ productId: c.productId, finding: 'expired_certificate_used' }],
      proposal: { productId: c.productId, reason: 'Sử dụng nhãn OCOP khi giấy chứng nhận đã hết hiệu lực' },
    })));
    const p1 = v1.proposals[0].id;
    expectError(await api(officer, 'POST', `/proposals/${p1}/revoke`, { reason: 'x', legalBasis: '' }), 400, 'validation_failed');
    const done = await api(officer, 'POST', `/proposals/${p1}/revoke`, { reason: 'Vi phạm sử dụng nhãn', legalBasis: 'Biên bản kiểm tra số 15/BB-KT' });
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done)).toMatchObject({ status: 'revoked', decisionNote: 'Biên bản kiểm tra số 15/BB-KT', certificate: { state: 'revoked' } });
    expect(json(await t.app.inject({ url: `/api/v1/verify/${encodeURIComponent(c.number)}` })).status).toBe('revoked');

    const v2 = json(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(a, {
      visitedOn: '2026-11-16', outcome: 'revocation_proposal', proposal: { productId: a.productId, reason: 'Nghi ngờ không duy trì chất lượng' },
    })));
    const p2 = v2.proposals[0].id;
    expectError(await api(officer, 'POST', `/proposals/${p2}/dismiss`, { note: '' }), 400, 'validation_failed');
    const dis = await api(officer, 'POST', `/proposals/${p2}/dismiss`, { note: 'Kiểm nghiệm lại đạt yêu cầu' });
    expect(dis.statusCode, dis.body).toBe(200);
    expect(json(dis)).toMatchObject({ status: 'dismissed', decisionNote: 'Kiểm nghiệm lại đạt yêu cầu', certificate: { state: 'active' } });
    expectError(await api(officer, 'POST', `/proposals/${p2}/dismiss`, { note: 'lần nữa' }), 409, 'invalid_transition');
    expect(json(await t.app.inject({ url: `/api/v1/verify/${encodeURIComponent(a.number)}` })).status).toBe('valid');
  });

  it('closing the plan stops visits; reopening needs a comment; every change is audited', async () => {
    const p = json(await api(officer, 'GET', `/plans/${planId}`));
    const closed = await api(officer, 'POST', `/plans/${planId}/transition`, { action: 'close', version: p.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expectError(await api(inspector, 'POST', `/plans/${planId}/visits`, visit(certs[0]!)), 409, 'invalid_transition');
    expectError(await api(officer, 'POST', `/plans/${planId}/transition`, { action: 'reopen' }), 400, 'validation_failed');
    expect(json(await api(officer, 'POST', `/plans/${planId}/transition`, { action: 'reopen', comment: 'Bổ sung cuộc kiểm tra muộn' })).status).toBe('in_progress');
    expectError(await api(officer, 'DELETE', `/plans/${planId}`), 409, 'conflict');
    const audit = await t.deps.database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, planId)));
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set([
      'inspection_plan.create', 'inspection_plan.update', 'inspection_plan.team_add', 'inspection_plan.team_remove', 'inspection_plan.start',
      'inspection_plan.close', 'inspection_plan.reopen',
    ]));
    const visits = await t.deps.database.db.select({ action: auditLog.action }).from(auditLog).where(inArray(auditLog.action, ['inspection_visit.record', 'revocation_proposal.open', 'revocation_proposal.revoke', 'revocation_proposal.dismiss']));
    expect(visits.length).toBe(4 + 3 + 1 + 1);
  });
});

describe('demo data', () => {
  it('loads a SAMPLE plan with its team, a warning, a revocation proposal on a demo certificate, and SAMPLE support records', async () => {
    const { loadDemo } = await import('../../src/modules/ops/demo');
    const { makeCtx, systemActor } = await import('../../src/context');
    const { listProposals } = await import('../../src/modules/inspections/proposals.service');
    const { listPlans, listVisits } = await import('../../src/modules/inspections/inspections.service');
    const { supportTotals } = await import('../../src/modules/support/support.service');
    const demo = await testApp({ clock: () => new Date('2026-11-22T03:00:00Z') });
    const deps = demo.deps;
    try {
      expect((await loadDemo(deps)).loaded).toBe(true);
      const ctx = makeCtx(deps, { actor: systemActor('test') });
      const plans = await listPlans(ctx, { page: 1, pageSize: 20 });
      expect(plans.items).toHaveLength(1);
      expect(plans.items[0]).toMatchObject({ isSample: true, status: 'in_progress', plannedProducers: 6 });
      expect(plans.items[0]!.team).toHaveLength(4);
      expect(plans.items[0]!.stats).toMatchObject({ producersVisited: 3, productsChecked: 4, outcomes: { compliant: 1, warning: 1, revocation_proposal: 1 } });
      const open = await listProposals(ctx, { status: 'open', page: 1, pageSize: 20 });
      // The visits and the proposal are stored as samples (not only marked "(mẫu)" in their text), and say so.
      const db = deps.database.db;
      const visitRows = await db.select({ isSample: inspectionVisits.isSample, note: inspectionVisits.note }).from(inspectionVisits);
      expect(visitRows).toHaveLength(3);
      expect(visitRows.every((v) => v.isSample && v.note.includes('(mẫu)'))).toBe(true);
      const proposalRows = await db.select({ isSample: revocationProposals.isSample }).from(revocationProposals);
      expect(proposalRows).toEqual([{ isSample: true }]);
      expect(open.items[0]).toMatchObject({ isSample: true });
      const visits = await listVisits(ctx, { page: 1, pageSize: 20 });
      expect(visits.items.map((v) => v.isSample)).toEqual([true, true, true]);
      expect(open.items.map((p) => p.certificate.number)).toEqual(['OCOP-38-2025-00001']);
      const totals = await supportTotals(ctx, {});
      expect(totals).toMatchObject({ records: 8, amountVnd: 123_500_000 });

      // The pages show the sample badge on the visits and the proposal, and the sample note on a visit.
      const thanhHoa = await asUser(demo.app, deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
      const session = await thanhHoa.login({ remoteAddress: '10.0.3.1' });
      const page = async (url: string) => {
        const res = await demo.app.inject({ url, headers: { cookie: session.cookie } });
        expect(res.statusCode, url).toBe(200);
        return res.body;
      };
      const planPage = await page(`/admin/inspections/${plans.items[0]!.id}`);
      const visitsSection = planPage.slice(planPage.indexOf('id="insp-visits-h"'));
      expect(visitsSection.match(/badge--sample/g)).toHaveLength(3);
      expect(await page(`/admin/inspections/visits/${visits.items[0]!.id}`)).toContain('Dữ liệu mẫu để trình diễn');
      const board = await page('/admin/inspections/proposals');
      expect(board.slice(board.indexOf('class="insp-proposals"'))).toContain('badge--sample');
    } finally {
      await demo.close();
    }
  }, 180_000);
});
