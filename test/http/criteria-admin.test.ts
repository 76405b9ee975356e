/**
 * Loading an annex without code changes: criteria JSON import (API, CLI path, page), export →
 * re-import, the administrators' API (revisions, new draft, publish, confirm) and the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { multipart, xlsxOf } from '../imports/fixtures/encode';
import { runImport, formatOutcome } from '../../src/modules/imports/import.service';
import { criteriaSheets } from '../../src/modules/criteria/criteria.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let admin: AuthedUser;
let officer: AuthedUser;
let producer: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  admin = await asUser(t.app, t.deps, { role: 'national_admin', login: true });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
  producer = await asUser(t.app, t.deps, { role: 'producer' });
});
afterAll(() => t.close());

const PROVENANCE = 'QĐ 148/QĐ-TTg, Phụ lục III (bản chép để kiểm thử)';

/** A small valid 148 sheet (A 40, B 25, C 35) with a knock-out, a condition and a bonus criterion. */
function sheet148(code: string, tweak = '') {
  const crit = (c: string, max: number, extra: Record<string, unknown> = {}) => ({
    code: c, kind: 'criterion', title: `Tiêu chí ${c}${tweak}`, ...extra,
    options: [{ code: `${c}.o1`, text: 'Không đạt', points: 0 }, { code: `${c}.o2`, text: 'Đạt', points: max }],
  });
  return {
    productSet: { code },
    parts: [
      { code: 'A', title: 'Sản phẩm và sức mạnh cộng đồng', maxPoints: 40, children: [
        { code: 'A.1', kind: 'section', title: '1. Tổ chức sản xuất', children: [crit('A.1.1', 30), crit('A.1.2', 10, { knockOut: { effect: 'eliminate', text: 'Không đạt thì bị loại' } })] },
      ] },
      { code: 'B', title: 'Khả năng tiếp thị', maxPoints: 25, children: [
        { code: 'B.1', kind: 'section', title: '1. Tiếp thị', children: [crit('B.1.1', 25, { condition: 'Chỉ áp dụng khi có xuất khẩu' }), crit('B.1.2', 3, { bonus: true })] },
      ] },
      { code: 'C', title: 'Chất lượng sản phẩm', maxPoints: 35, children: [
        { code: 'C.1', kind: 'section', title: '1. Chất lượng', children: [crit('C.1.1', 35)] },
      ] },
    ],
  };
}

const annex = (sets: string[], over: Record<string, unknown> = {}) =>
  ({ format: 'ocop-criteria/1', version: '148-2023', official: true, provenance: PROVENANCE, sheets: sets.map((c) => sheet148(c)), ...over });

const buf = (v: unknown) => Buffer.from(JSON.stringify(v));

const upload = (headers: Record<string, string>, data: Buffer, name = 'annex.json', lang: 'vi' | 'en' = 'vi') => {
  const body = multipart({}, { name, data, type: 'application/json' });
  return t.app.inject({ method: 'POST', url: `/api/v1/imports/criteria?lang=${lang}`, headers: { ...headers, ...body.headers }, payload: body.payload });
};

const sheetRows = () => t.deps.database.db.select().from(criteriaSheets).where(eq(criteriaSheets.regimeCode, '148-2023'));
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('criteria import (JSON)', () => {
  it('imports a good file: one draft revision per set, nothing public yet, audited', async () => {
    const res = await upload(admin.headers(), buf(annex(['1', '2'])));
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ kind: 'criteria', rows: 2, summary: { sheets: 2, draftsCreated: 2, draftsReplaced: 0 } });
    const rows = await sheetRows();
    expect(rows.map((r) => [r.productSetCode, r.revision, r.status, r.official, r.source]).sort()).toEqual([
      ['1', 1, 'draft', true, 'import'], ['2', 1, 'draft', true, 'import'],
    ]);
    expect(rows[0]!.provenance).toBe(PROVENANCE);
    expectError(await get('/api/v1/criteria/148-2023/sets/1'), 404, 'sheet_not_available');
    const audit = await t.deps.database.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.action} in ('import.criteria', 'criteria.sheet.draft')`);
    expect(audit.map((a) => a.action).sort()).toEqual(['criteria.sheet.draft', 'criteria.sheet.draft', 'import.criteria']);
  });

  it('re-importing a set that has a draft replaces that draft (same revision)', async () => {
    const file = annex(['1']);
    (file.sheets[0]!.parts[0]!.children[0]!.children[0] as { title: string }).title = 'Đã sửa';
    const res = await upload(admin.headers(), buf(file));
    expect(json(res).summary).toMatchObject({ draftsCreated: 0, draftsReplaced: 1 });
    const [draft] = (await sheetRows()).filter((r) => r.productSetCode === '1');
    expect(draft).toMatchObject({ revision: 1, status: 'draft' });
    const sheet = json(await get(`/api/v1/criteria/sheets/${draft!.id}`, admin.headers()));
    expect(sheet.parts[0].children[0].children[0].title).toBe('Đã sửa');
  });

  it('reports every problem of a bad file with its path, in Vietnamese and English, and writes nothing', async () => {
    const before = await sheetRows();
    const bad = annex(['1', '99', '1']);
    const s0 = bad.sheets[0]!;
    s0.parts[0]!.maxPoints = 35; // declared maximum differs from the version's 40
    (s0.parts[1]!.children[0]!.children[0]!.options[1] as { points: unknown }).points = 'mười'; // no points
    (s0.parts[2]!.children[0]!.children[0]!.options[1] as { code: string }).code = 'C.1.1.o1'; // duplicate code
    s0.parts[2]!.children[0]!.children[0]!.options[1]!.points = 30; // C adds up to 30
    const res = await upload(admin.headers(), buf(bad), 'annex.json', 'en');
    const err = expectError(res, 422, 'import_failed');
    const fields = err.fields!;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining([
      'sheets[0].parts[1].children[0].children[0].options[1].points',
      'sheets[1].productSet.code',
      'sheets[2].productSet.code',
    ]));
    expect(fields['sheets[1].productSet.code']).toMatch(/not in the classification of 148-2023/);
    expect(fields['sheets[2].productSet.code']).toMatch(/appears twice \(first at sheets\[0\]\)/);
    expect(fields['sheets[0].parts[1].children[0].children[0].options[1].points']).toBe('wrong type: expected number');
    // sheets[2] (a clean copy of set 1) still gets its own checks; sheets[0] fails the schema first.
    const viRes = await upload(admin.headers(), buf({ ...annex(['1']), version: 'khong-co' }));
    expect(expectError(viRes, 422, 'import_failed').fields!.version).toMatch(/không có văn bản/);

    const integrity = annex(['3']);
    integrity.sheets[0]!.parts[0]!.maxPoints = 35;
    (integrity.sheets[0]!.parts[2]!.children[0]!.children[0]!.options[1] as { code: string }).code = 'C.1.1.o1';
    integrity.sheets[0]!.parts[2]!.children[0]!.children[0]!.options[1]!.points = 30;
    const e2 = expectError(await upload(admin.headers(), buf(integrity), 'annex.json', 'en'), 422, 'import_failed');
    expect(e2.fields).toMatchObject({
      'sheets[0].parts[0].maxPoints': 'part A declares 35 points, the version sets 40',
      'sheets[0].parts[2]': 'the best options of part C add up to 30, not 35',
      'sheets[0].parts[2].children[0].children[0].options[1].code': 'code "C.1.1.o1" is used more than once',
    });
    const vi = expectError(await upload(admin.headers(), buf(integrity)), 422, 'import_failed');
    expect(vi.fields!['sheets[0].parts[0].maxPoints']).toBe('phần A ghi 35 điểm, văn bản quy định 40');
    expect(vi.message).toMatch(/^3 lỗi; không phiếu nào được nhập/);
    expect(await sheetRows()).toEqual(before);
  });

  it('refuses a sheet that is not official without a provenance, and invalid JSON', async () => {
    const e = expectError(await upload(admin.headers(), buf(annex(['4'], { official: false, provenance: null })), 'annex.json', 'en'), 422, 'import_failed');
    expect(e.fields).toEqual({ 'sheets[0].provenance': expect.stringMatching(/must state its provenance/) });
    const j = expectError(await upload(admin.headers(), Buffer.from('{"version": "148-2023", ')), 422, 'import_failed');
    expect(j.fields!.file).toMatch(/không phải JSON hợp lệ/);
  });

  it('answers 415 for a CSV or old XLS criteria file, and names the missing columns of a workbook that is not the template', async () => {
    const csv = expectError(await upload(admin.headers(), Buffer.from('code,title\nA,x\n'), 'criteria.csv', 'en'), 415, 'unsupported_media_type');
    expect(csv.message).toMatch(/JSON file or the XLSX template/);
    const e = expectError(await upload(admin.headers(), await xlsxOf([['code'], ['A']]), 'criteria.xlsx', 'en'), 422, 'import_failed');
    expect(Object.values(e.fields!).join(' ')).toMatch(/missing columns: product_set \[Bộ sản phẩm\]/);
  });

  it('round-trips a sheet through the XLSX template: export, import as a draft, same tree', async () => {
    const sets = json(await t.app.inject({ method: 'GET', url: '/api/v1/criteria/1048-2019/sets?pageSize=100' })).items;
    const code = sets.filter((x: { sheet: unknown }) => x.sheet).at(-1).code as string;
    const exported = await t.app.inject({ method: 'GET', url: `/api/v1/criteria/1048-2019/sets/${code}?format=xlsx` });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/spreadsheetml/);
    const res = await upload(admin.headers(), exported.rawPayload, `set-${code}.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ kind: 'criteria', summary: { sheets: 1, draftsCreated: 1 } });
    const revisions = json(await t.app.inject({ method: 'GET', url: `/api/v1/criteria/1048-2019/sets/${code}/revisions`, headers: admin.headers() }));
    const draft = revisions.items.find((r: { status: string }) => r.status === 'draft');
    const draftSheet = json(await t.app.inject({ method: 'GET', url: `/api/v1/criteria/sheets/${draft.id}`, headers: admin.headers() }));
    const published = json(await t.app.inject({ method: 'GET', url: `/api/v1/criteria/1048-2019/sets/${code}` }));
    expect(draftSheet.parts).toEqual(published.parts);
    expect(draftSheet.provenance).toBe(published.provenance);
  });

  it('reports every workbook problem at its spreadsheet row: kind, parent, points that do not add up', async () => {
    const header = ['product_set [Bộ sản phẩm]', 'code [Mã]', 'parent [Mã cấp trên]', 'kind [Loại]', 'text [Nội dung]', 'points [Điểm]'];
    const rows = [
      header,
      ['4', 'A', '', 'phần', 'Phần A', 40], ['4', 'A.1', 'A', 'tiêu chí', 'Nguyên liệu', null],
      ['4', 'A.1.o1', 'A.1', 'mức điểm', 'Thấp', 0], ['4', 'A.1.o2', 'A.1', 'mức điểm', 'Cao', 39],
      ['4', 'B', '', 'part', 'Phần B', 25], ['4', 'B.1', 'B', 'criterion', 'Thị trường', null],
      ['4', 'B.1.o1', 'B.1', 'option', 'Có', 25],
      ['4', 'C', '', 'part', 'Phần C', 35], ['4', 'C.1', 'C', 'criterion', 'Chất lượng', null],
      ['4', 'C.1.o1', 'C.1', 'option', 'Có', 35],
    ];
    const info = ['version [Phiên bản]', '148-2023'];
    const book = async (body: (string | number | null)[][]) => {
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Phiếu đánh giá - Sheets').addRows(body);
      wb.addWorksheet('Thông tin - Info').addRows([info, ['provenance [Nguồn gốc]', 'Bản chép để kiểm thử']]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const e = expectError(await upload(admin.headers(), await book(rows), 'annex.xlsx', 'en'), 422, 'import_failed');
    expect(e.fields).toEqual({ 'row 2.points': expect.stringMatching(/add up to 39, not 40/) });

    const broken = rows.map((r) => [...r]);
    broken[4]![3] = 'lựa chọn';
    broken[7]![2] = 'B.9';
    const e2 = expectError(await upload(admin.headers(), await book(broken), 'annex.xlsx', 'en'), 422, 'import_failed');
    expect(e2.fields).toEqual({
      'row 5.kind': expect.stringMatching(/kind “lựa chọn” is not valid/),
      'row 8.parent': expect.stringMatching(/parent code “B.9”/),
    });
    const drafts = await t.deps.database.db.select().from(criteriaSheets).where(sql`${criteriaSheets.productSetCode} = '4' and ${criteriaSheets.regimeCode} = '148-2023'`);
    expect(drafts.filter((d) => d.status === 'draft' && d.sourceRef?.includes('annex.xlsx'))).toEqual([]);
  });

  it('a control character anywhere in the file is a problem at its place (issue 18); nothing is written', async () => {
    const file = annex(['9']) as { provenance: unknown; sheets: { parts: { title: string }[] }[] };
    file.sheets[0]!.parts[0]!.title += '\u0000';
    const res = await upload(admin.headers(), buf({ ...file, provenance: `${JSON.stringify(file.provenance)}\u0007` }), 'annex.json', 'en');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    const { fields } = json(res).error as { fields: Record<string, string> };
    expect(Object.keys(fields).sort()).toEqual(['provenance', 'sheets[0].parts[0].title']);
    expect(fields['sheets[0].parts[0].title']).toContain('U+0000');
    expect((await sheetRows()).some((r) => r.productSetCode === '9')).toBe(false);
  });

  it('is national administrators only (403), and 401 without identity', async () => {
    expectError(await upload(officer.headers(), buf(annex(['5']))), 403, 'forbidden');
    expectError(await upload(producer.headers(), buf(annex(['5']))), 403, 'forbidden');
    expectError(await upload({}, buf(annex(['5']))), 401, 'unauthenticated');
    expect((await sheetRows()).some((r) => r.productSetCode === '5')).toBe(false);
  });

  it('runs from the CLI path (runImport + formatOutcome) with every error listed', async () => {
    const ok = await runImport(t.ctx, 'criteria', { name: 'annex.json', data: buf(annex(['6'])) });
    expect(formatOutcome(ok)).toMatch(/^Imported 1 sheets of criteria/);
    const bad = await runImport(t.ctx, 'criteria', { name: 'annex.json', data: buf(annex(['98', '97'])) });
    expect(bad.ok).toBe(false);
    expect(formatOutcome(bad)).toMatch(/failed .*: 2 errors; nothing was imported\.\n {2}sheets\[0\]\.productSet\.code: /);
  });
});

describe('administrators API: revisions, publish, new draft, confirm', () => {
  let draftId: string;

  it('lists revisions including drafts (admins only)', async () => {
    const res = json(await get('/api/v1/criteria/148-1489-2025/sets/1/revisions', admin.headers()));
    expect(res.sheetsFrom).toBe('148-2023');
    expect(res.items).toEqual([expect.objectContaining({ revision: 1, status: 'draft', official: true, source: 'import' })]);
    draftId = res.items[0].id;
    expectError(await get('/api/v1/criteria/148-2023/sets/1/revisions', officer.headers()), 403, 'forbidden');
    expectError(await get(`/api/v1/criteria/sheets/${draftId}`, officer.headers()), 403, 'forbidden');
  });

  it('publishes a draft: it becomes public and immutable; a re-import then makes a new draft revision', async () => {
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/criteria/sheets/${draftId}/publish`, headers: officer.headers() }), 403, 'forbidden');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/criteria/sheets/${draftId}/publish`, headers: admin.headers() });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ id: draftId, status: 'published', revision: 1, totalPoints: 100 });
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/criteria/sheets/${draftId}/publish`, headers: admin.headers() }), 409, 'sheet_immutable');
    const pub = json(await get('/api/v1/criteria/148-2023/sets/1'));
    expect(pub).toMatchObject({ revision: 1, official: true, parts: expect.any(Array) });
    const a12 = pub.parts[0].children[0].children[1];
    expect(a12.knockOut).toEqual({ effect: 'eliminate', text: 'Không đạt thì bị loại' });
    expect(pub.parts[1].children[0].children[1].bonus).toBe(true);

    const again = await upload(admin.headers(), buf(annex(['1'])));
    expect(json(again).summary).toMatchObject({ draftsCreated: 1, draftsReplaced: 0 });
    const revs = json(await get('/api/v1/criteria/148-2023/sets/1/revisions', admin.headers())).items;
    expect(revs.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([[2, 'draft'], [1, 'published']]);
    expect(json(await get('/api/v1/criteria/148-2023/sets/1')).revision).toBe(1);
  });

  it('refuses to publish a draft that fails the integrity check (400, every problem)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/criteria/148-2023/sets/7/drafts', headers: admin.headers(), payload: { provenance: 'Bản soạn thử' } });
    expect(res.statusCode, res.body).toBe(201);
    const empty = json(res);
    expect(empty).toMatchObject({ revision: 1, status: 'draft', provenance: 'Bản soạn thử', totalPoints: 0 });
    const err = expectError(await t.app.inject({ method: 'POST', url: `/api/v1/criteria/sheets/${empty.id}/publish`, headers: admin.headers() }), 400, 'validation_failed');
    expect(Object.keys(err.fields!)).toEqual(['A', 'B', 'C']);
  });

  it('creates a new draft by cloning the newest revision (409 when a draft exists)', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/criteria/148-2023/sets/1/drafts', headers: admin.headers() }), 409, 'conflict');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/criteria/1048-2019/sets/2/drafts', headers: admin.headers() });
    expect(res.statusCode, res.body).toBe(201);
    const clone = json(res);
    const published = json(await get('/api/v1/criteria/1048-2019/sets/2'));
    expect(clone).toMatchObject({ revision: published.revision + 1, status: 'draft', official: false, provenance: published.provenance });
    expect(clone.parts).toEqual(published.parts);
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/criteria/1048-2019/sets/3/drafts', headers: officer.headers() }), 403, 'forbidden');
  });

  it('confirms a "to verify" version (audited)', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/criteria/26-2026/confirm', headers: officer.headers() }), 403, 'forbidden');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/criteria/26-2026/confirm', headers: admin.headers() });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ code: '26-2026', toVerify: false, confirmedAt: expect.any(String) });
    const rows = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'criteria.version.confirm'));
    expect(rows).toHaveLength(1);
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/criteria/nope/confirm', headers: admin.headers() }), 404, 'not_found');
  });
});

describe('export → re-import', () => {
  it('downloads a published sheet as the import format, which re-imports as an identical draft', async () => {
    const res = await get('/api/v1/criteria/1048-2019/sets/1?format=json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="criteria-1048-2019-set-1-r1\.json"/);
    const file = json(res);
    expect(file).toMatchObject({ format: 'ocop-criteria/1', version: '1048-2019', official: false, sheets: [expect.objectContaining({ productSet: expect.objectContaining({ code: '1' }) })] });
    const imported = await upload(admin.headers(), Buffer.from(res.body), 'export.json');
    expect(json(imported).summary).toMatchObject({ draftsCreated: 1 });
    const revs = json(await get('/api/v1/criteria/1048-2019/sets/1/revisions', admin.headers())).items;
    expect(revs[0]).toMatchObject({ revision: 2, status: 'draft', official: false, provenance: file.provenance });
    const draft = json(await get(`/api/v1/criteria/sheets/${revs[0].id}`, admin.headers()));
    expect(draft.parts).toEqual(file.sheets[0].parts);

    // A draft exports too, and a bare GET-sheet output re-imports as a one-sheet file.
    const draftFile = json(await get(`/api/v1/criteria/sheets/${revs[0].id}?format=json`, admin.headers()));
    expect(draftFile.sheets[0]).toMatchObject({ status: 'draft', revision: 2 });
    const bare = json(await get('/api/v1/criteria/1048-2019/sets/4'));
    const r2 = await upload(admin.headers(), buf(bare), 'sheet.json');
    expect(json(r2).summary).toMatchObject({ draftsCreated: 1 });
  });
});

describe('pages', () => {
  it('require a session, and show the nav item to national administrators only', async () => {
    const anon = await get('/admin/criteria', { accept: 'text/html' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/login?next=%2Fadmin%2Fcriteria');
    const page = await get('/admin/criteria', { cookie: admin.cookie! });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/admin/criteria"');
    expect(page.body).toContain('Tái dựng, không chính thức');
    expect(page.body).toContain('Nhập phụ lục');
    const asOfficer = await get('/admin/criteria', { cookie: officer.cookie! });
    expect(asOfficer.statusCode).toBe(200);
    expect(asOfficer.body).not.toMatch(/<a href="\/admin\/criteria"/);
    expect(asOfficer.body).not.toContain('Nhập phụ lục');
  });

  it('render a version\'s sets and a sheet tree with points, marks and the provenance note', async () => {
    const sets = await get('/admin/criteria/148-2023?lang=en', { cookie: admin.cookie! });
    expect(sets.statusCode).toBe(200);
    expect(sets.body).toContain('No scoring sheet yet');
    const seed = await get('/admin/criteria/1048-2019/sets/1', { cookie: officer.cookie! });
    expect(seed.statusCode).toBe(200);
    expect(seed.body).toContain('Không phải văn bản chính thức');
    expect(seed.body).toContain('A.1.1.o1');
    expect(seed.body).not.toContain('Các phiên bản của phiếu');
    const imported = await get('/admin/criteria/148-2023/sets/1', { cookie: admin.cookie! });
    expect(imported.body).toContain('Loại');
    expect(imported.body).toContain('Có điều kiện');
    expect(imported.body).toContain('Điểm thưởng');
    expect(imported.body).toContain('Các phiên bản của phiếu');
    expect(imported.body).not.toContain('Không phải văn bản chính thức');
  });

  it('publish a draft and confirm a version through CSRF-protected forms', async () => {
    const revs = json(await get('/api/v1/criteria/148-2023/sets/1/revisions', admin.headers())).items;
    const draft = revs.find((r: { status: string }) => r.status === 'draft');
    const page = await get(`/admin/criteria/sheets/${draft.id}`, { cookie: admin.cookie! });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/admin/criteria/sheets/${draft.id}/publish"`);
    expect((await get(`/admin/criteria/sheets/${draft.id}`, { cookie: officer.cookie! })).statusCode).toBe(403);

    const form = (csrf: string) => ({ 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie!, payload: `_csrf=${csrf}` });
    const noCsrf = await t.app.inject({ method: 'POST', url: `/admin/criteria/sheets/${draft.id}/publish`, headers: form('x'), payload: '_csrf=x' });
    expect(noCsrf.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: `/admin/criteria/sheets/${draft.id}/publish`, headers: form(admin.csrf!), payload: `_csrf=${admin.csrf}` });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(ok.headers.location).toBe(`/admin/criteria/sheets/${draft.id}?published=2`);
    expect((await get(ok.headers.location as string, { cookie: admin.cookie! })).body).toContain('Đã ban hành phiên bản 2');

    const bad = json(await get('/api/v1/criteria/148-2023/sets/7/revisions', admin.headers())).items[0];
    const refused = await t.app.inject({ method: 'POST', url: `/admin/criteria/sheets/${bad.id}/publish`, headers: form(admin.csrf!), payload: `_csrf=${admin.csrf}` });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Phiếu chưa đạt kiểm tra tính toàn vẹn');
    expect(refused.body).toContain('phần A');

    const conf = await t.app.inject({ method: 'POST', url: '/admin/criteria/26-2026/confirm', headers: form(admin.csrf!), payload: `_csrf=${admin.csrf}` });
    expect(conf.statusCode).toBe(303);
    const officerPost = await t.app.inject({ method: 'POST', url: '/admin/criteria/26-2026/confirm', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: officer.cookie! }, payload: `_csrf=${officer.csrf}` });
    expect(officerPost.statusCode).toBe(403);
  });
  it('edit a draft\'s wording and points in the browser form and through the API; published revisions refuse', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/criteria/148-2023/sets/9/drafts', headers: admin.headers(), payload: {} });
    expect(created.statusCode, created.body).toBe(201);
    const draft = json(created);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/criteria/sheets/${draft.id}`, headers: admin.headers(), payload: { provenance: 'Bản chép thử', parts: sheet148('9').parts } });
    expect(put.statusCode, put.body).toBe(200);
    expect(json(put)).toMatchObject({ status: 'draft', totalPoints: 100, provenance: 'Bản chép thử' });

    const page = await get(`/admin/criteria/sheets/${draft.id}/edit`, { cookie: admin.cookie! });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="points:A.1.1.o2"');
    expect(page.body).toContain('đạt kiểm tra toàn vẹn');
    const form = (body: string) => t.app.inject({
      method: 'POST', url: `/admin/criteria/sheets/${draft.id}/edit`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie! }, payload: `_csrf=${admin.csrf}&${body}`,
    });
    const bad = await form('points:A.1.1.o2=nhiều');
    expect(bad.statusCode).toBe(400);
    const saved = await form(`points:A.1.1.o2=29&text:A.1.1.o2=${encodeURIComponent('Đạt (đã đối chiếu)')}&provenance=${encodeURIComponent('Bản chép thử, trang 12')}`);
    expect(saved.statusCode, saved.body).toBe(303);
    const after = json(await get(`/api/v1/criteria/sheets/${draft.id}`, admin.headers()));
    const a11 = after.parts[0].children[0].children[0];
    expect(a11.options[1]).toEqual({ code: 'A.1.1.o2', text: 'Đạt (đã đối chiếu)', points: 29 });
    expect(after.provenance).toBe('Bản chép thử, trang 12');
    const reread = await get(`/admin/criteria/sheets/${draft.id}/edit?saved=1`, { cookie: admin.cookie! });
    expect(reread.body).toContain('các mức cao nhất của phần A cộng lại được 39 điểm, không phải 40');

    expect((await get(`/admin/criteria/sheets/${draft.id}/edit`, { cookie: officer.cookie! })).statusCode).toBe(403);
    const published = json(await get('/api/v1/criteria/1048-2019/sets/1/revisions', admin.headers())).items.find((r: { status: string }) => r.status === 'published');
    const refused = await t.app.inject({ method: 'PUT', url: `/api/v1/criteria/sheets/${published.id}`, headers: admin.headers(), payload: { parts: sheet148('1').parts } });
    expect(refused.statusCode).toBe(409);
  });
});
