import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { makeCtx, systemActor } from '../../src/context';
import { AppError } from '../../src/errors';
import { ensureCriteriaData } from '../../src/modules/criteria/criteria-data';
import * as repo from '../../src/modules/criteria/criteria.repository';
import {
  confirmVersion, createDraft, getSheetRevision, publishSheet, updateDraft,
} from '../../src/modules/criteria/criteria.service';
import { criteriaSheets } from '../../src/modules/criteria/criteria.tables';
import type { NodeDto, SheetInput } from '../../src/modules/criteria/criteria.schema';
import { appSettings } from '../../src/db/settings.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let officer: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

type Version = { code: string; partMaxima: Record<string, number>; toVerify: boolean; verificationNote: string | null; setsWithSheet: number; effectiveTo: string | null; levels: { level: string; recognisesStars: number[] }[] };
type SetItem = { code: string; name: string; group: string; hasSheet: boolean; sheet: { official: boolean; provenance: string | null; revision: number } | null };

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code);
}

const flatten = (nodes: NodeDto[]): NodeDto[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe('GET /api/v1/criteria (public)', () => {
  it('lists the four versions with dates, part maxima and the 26/2026 "to verify" mark', async () => {
    const res = await get('/api/v1/criteria');
    expect(res.statusCode).toBe(200);
    const body = json<{ items: Version[]; total: number; page: number; pageSize: number }>(res);
    expect(body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(body.items.map((v) => [v.code, v.partMaxima])).toEqual([
      ['1048-2019', { A: 35, B: 25, C: 40 }], ['148-2023', { A: 40, B: 25, C: 35 }],
      ['148-1489-2025', { A: 40, B: 25, C: 35 }], ['26-2026', { A: 40, B: 25, C: 35 }],
    ]);
    expect(body.items[0]).toMatchObject({ effectiveFrom: '2019-08-21', effectiveTo: '2023-02-24', setsWithSheet: 19, toVerify: false });
    expect(body.items[1]).toMatchObject({ setsWithSheet: 0 });
    expect(body.items[3]).toMatchObject({ effectiveTo: null, toVerify: true });
    expect(body.items[3]!.verificationNote).toMatch(/đối chiếu với văn bản chính thức/);
    expect(body.items[2]!.levels.map((l) => l.level)).toEqual(['commune', 'province', 'national']);
    expect(body.items[2]!.levels.find((l) => l.level === 'province')!.recognisesStars).toEqual([3, 4]);
  });

  it('pages (api.md envelope) and rejects a page size over 100', async () => {
    const p2 = json(await get('/api/v1/criteria?page=2&pageSize=3'));
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(p2.items.map((v: Version) => v.code)).toEqual(['26-2026']);
    expectError(await get('/api/v1/criteria?pageSize=101'), 400, 'validation_failed');
  });

  it('answers the same with a token', async () => {
    expect((await get('/api/v1/criteria', officer.headers())).statusCode).toBe(200);
  });
});

describe('GET /api/v1/criteria/:version/sets', () => {
  it('lists the 26 sets of 2019, 19 with a reconstructed (not official) sheet', async () => {
    const body = json<{ items: SetItem[]; total: number }>(await get('/api/v1/criteria/1048-2019/sets?pageSize=100'));
    expect(body.total).toBe(26);
    expect(body.items.map((s) => s.code).slice(0, 4)).toEqual(['1', '2', '3', '4']);
    const withSheet = body.items.filter((s) => s.hasSheet);
    expect(withSheet).toHaveLength(19);
    expect(body.items.filter((s) => !s.hasSheet).map((s) => s.code).sort()).toEqual(['10', '16', '19', '20', '23', '3', '6'].sort());
    for (const s of withSheet) {
      expect(s.sheet).toMatchObject({ official: false, revision: 1 });
      expect(s.sheet!.provenance).toMatch(/Không phải văn bản chính thức/);
    }
    expect(body.items[0]).toMatchObject({ code: '1', name: 'Rau, củ, quả, hạt tươi', group: 'Nông sản tươi sống', sheet: expect.any(Object) });
  });

  it('shows the 148/2023 classification honestly: 26 sets, none with a sheet', async () => {
    for (const v of ['148-2023', '148-1489-2025', '26-2026']) {
      const body = json<{ items: SetItem[]; total: number }>(await get(`/api/v1/criteria/${v}/sets?pageSize=100`));
      expect(body.total, v).toBe(26);
      expect(body.items.every((s) => !s.hasSheet && s.sheet === null), v).toBe(true);
    }
    const first = json<{ items: SetItem[] }>(await get('/api/v1/criteria/148-2023/sets'));
    expect(first.items).toHaveLength(20);
    // Sets of groups III–VI have no sub-group: their group is the top group.
    const last = json<{ items: SetItem[] }>(await get('/api/v1/criteria/148-2023/sets?page=2'));
    expect(last.items.find((s) => s.code === '23')?.group).toBe('Sinh vật cảnh');
  });

  it('404s an unknown version', async () => {
    expectError(await get('/api/v1/criteria/1999/sets'), 404, 'not_found');
  });
});

describe('GET /api/v1/criteria/:version/sets/:productSetCode', () => {
  it('returns the scoring sheet: parts → children → options with codes and points', async () => {
    const res = await get('/api/v1/criteria/1048-2019/sets/1');
    expect(res.statusCode).toBe(200);
    const sheet = json(res);
    expect(sheet).toMatchObject({
      version: '1048-2019', productSet: { code: '1', name: 'Rau, củ, quả, hạt tươi' }, revision: 1, status: 'published',
      official: false, source: 'seed', partMaxima: { A: 35, B: 25, C: 40 }, totalPoints: 100,
    });
    expect(sheet.provenance).toMatch(/Không phải văn bản chính thức/);
    expect(sheet.parts.map((p: { code: string; maxPoints: number }) => [p.code, p.maxPoints])).toEqual([['A', 35], ['B', 25], ['C', 40]]);
    const a1 = sheet.parts[0].children[0] as NodeDto;
    expect(a1).toMatchObject({ code: 'A.1', kind: 'section' });
    expect(a1.children[0]).toMatchObject({
      code: 'A.1.1', kind: 'criterion', maxPoints: 3,
      options: [{ code: 'A.1.1.o1', points: 1 }, { code: 'A.1.1.o2', points: 2 }, { code: 'A.1.1.o3', points: 3 }],
    });
    const nodes = sheet.parts.flatMap((p: { children: NodeDto[] }) => flatten(p.children)) as NodeDto[];
    const codes = [...nodes.map((n) => n.code), ...nodes.flatMap((n) => n.options.map((o) => o.code))];
    expect(new Set(codes).size).toBe(codes.length);
    expect(nodes.find((n) => n.code === 'B.5.2')?.condition).toMatch(/Chỉ áp dụng khi có câu chuyện/);
    expect(nodes.find((n) => n.code === 'A.3.2')?.chooseOneCase).toBe(true);
    expect(nodes.some((n) => n.knockOut?.effect === 'stop')).toBe(true);
  });

  it('nests sub-criteria and shows knock-outs (tea, set 12)', async () => {
    const sheet = json(await get('/api/v1/criteria/1048-2019/sets/12'));
    const nodes = sheet.parts.flatMap((p: { children: NodeDto[] }) => flatten(p.children)) as NodeDto[];
    const c61 = nodes.find((n) => n.code === 'C.6.1')!;
    expect(c61.options).toEqual([]);
    expect(c61.children.map((c) => c.code)).toEqual(['C.6.1.1', 'C.6.1.2', 'C.6.1.3']);
    expect(c61.maxPoints).toBe(6);
    expect(c61.knockOut?.effect).toBe('stop');
    expect(nodes.find((n) => n.code === 'A.1.1')?.knockOut).toMatchObject({ effect: 'eliminate' });
  });

  it('says when a set has no sheet (sheet_not_available) versus unknown version or set (not_found)', async () => {
    const e = expectError(await get('/api/v1/criteria/148-2023/sets/1'), 404, 'sheet_not_available');
    expect(e.message).toMatch(/official annex has not been imported/);
    expectError(await get('/api/v1/criteria/26-2026/sets/26'), 404, 'sheet_not_available');
    expectError(await get('/api/v1/criteria/1048-2019/sets/3'), 404, 'sheet_not_available');
    expectError(await get('/api/v1/criteria/1048-2019/sets/99'), 404, 'not_found');
    expectError(await get('/api/v1/criteria/nope/sets/1'), 404, 'not_found');
  });

  it('is documented in OpenAPI', async () => {
    const doc = json(await get('/api/openapi.json'));
    for (const p of ['/api/v1/criteria', '/api/v1/criteria/{version}/sets', '/api/v1/criteria/{version}/sets/{productSetCode}']) {
      expect(doc.paths[p]?.get, p).toBeDefined();
    }
    // The sheet's recursive node schema is a component, and every reference resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toContain('#/components/schemas/CriteriaNode');
    for (const ref of new Set(refs)) {
      const target = ref.replace(/^#\//, '').split('/').reduce((o: Record<string, unknown> | undefined, k) => o?.[k] as Record<string, unknown> | undefined, doc);
      expect(target, ref).toBeDefined();
    }
  });
});

/** A minimal 148-shaped sheet: one criterion per part at the 40/25/35 maxima. */
function sheet148(aPoints = 40): SheetInput {
  const part = (code: 'A' | 'B' | 'C', max: number, best: number) => ({
    code, title: `Phần ${code}`, maxPoints: max,
    children: [{
      code: `${code}.1`, kind: 'section' as const, title: 'Mục 1',
      children: [{ code: `${code}.1.1`, kind: 'criterion' as const, title: 'Tiêu chí', options: [{ code: `${code}.1.1.o1`, text: 'thấp', points: 0 }, { code: `${code}.1.1.o2`, text: 'cao', points: best }] }],
    }],
  });
  return { parts: [part('A', 40, aPoints), part('B', 25, 25), part('C', 35, 35)] };
}

describe('versions of a sheet (national administrators)', () => {
  const ctx = () => t.ctx;

  it('a new draft clones the published revision; the published one cannot change', async () => {
    const draft = await createDraft(ctx(), { version: '1048-2019', productSetCode: '1' });
    expect(draft).toMatchObject({ revision: 2, status: 'draft', official: false, totalPoints: 100 });
    expect(draft.parts).toEqual(json(await get('/api/v1/criteria/1048-2019/sets/1')).parts);
    await expectCode(createDraft(ctx(), { version: '1048-2019', productSetCode: '1' }), 'conflict');

    const [published] = (await repo.sheetRevisions(ctx(), '1048-2019', '1')).filter((r) => r.status === 'published');
    await expectCode(updateDraft(ctx(), published!.id, sheet148()), 'sheet_immutable');
    await expectCode(publishSheet(ctx(), published!.id), 'sheet_immutable');
    // Even below the service, the repository's update matches drafts only.
    expect(await repo.replaceDraftTree(ctx(), published!.id, { parts: [] }, {})).toBeNull();
    expect(json(await get('/api/v1/criteria/1048-2019/sets/1')).revision).toBe(1);
  });

  it('publishes a draft only when it passes the integrity check, then serves the new revision', async () => {
    const [draft] = (await repo.sheetRevisions(ctx(), '1048-2019', '1')).filter((r) => r.status === 'draft');
    const tree = await getSheetRevision(ctx(), draft!.id);
    const a11 = tree.parts[0]!.children[0]!.children[0]!;
    const edited: SheetInput = {
      parts: tree.parts.map((p) => ({ ...p, children: p.children })),
    };
    a11.options[2]!.points = 4; // A now adds up to 36
    await updateDraft(ctx(), draft!.id, edited);
    const err = await publishSheet(ctx(), draft!.id).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'validation_failed' });
    // Field errors are codes now (the API words this one "the best options of part A add up to 36, not 35").
    expect((err as AppError).fields?.A).toEqual({ code: 'criteria.part_total_mismatch', params: { code: 'A', best: 36, expected: 35 } });

    a11.options[2]!.points = 3;
    a11.options[2]!.text = 'Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75% đến 100% (sửa)';
    await updateDraft(ctx(), draft!.id, edited);
    const done = await publishSheet(ctx(), draft!.id);
    expect(done).toMatchObject({ revision: 2, status: 'published' });
    await expectCode(updateDraft(ctx(), draft!.id, edited), 'sheet_immutable');

    const served = json(await get('/api/v1/criteria/1048-2019/sets/1'));
    expect(served.revision).toBe(2);
    expect(served.parts[0].children[0].children[0].options[2].text).toMatch(/\(sửa\)$/);
    const audit = await t.deps.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, 'criteria_sheet'));
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['criteria.sheet.draft', 'criteria.sheet.update', 'criteria.sheet.publish']));
  });

  it('lets an administrator import the 148 annex: it then appears under 148 and 148+1489', async () => {
    const draft = await createDraft(ctx(), {
      version: '148-1489-2025', productSetCode: '2', official: true, source: 'import',
      provenance: 'QĐ 148/QĐ-TTg, Phụ lục III (test transcription)',
    });
    expect(draft).toMatchObject({ sheetsFrom: '148-2023', revision: 1, partMaxima: { A: 40, B: 25, C: 35 }, totalPoints: 0 });
    expect(draft.parts.map((p) => [p.code, p.maxPoints, p.children.length])).toEqual([['A', 40, 0], ['B', 25, 0], ['C', 35, 0]]);
    await expectCode(publishSheet(ctx(), (await repo.sheetRevisions(ctx(), '148-2023', '2'))[0]!.id), 'validation_failed');

    const id = (await repo.sheetRevisions(ctx(), '148-2023', '2'))[0]!.id;
    await expectCode(updateDraft(ctx(), id, { parts: [{ code: 'D', title: '', maxPoints: 1, children: [] }] } as unknown as SheetInput), 'validation_failed');
    await updateDraft(ctx(), id, sheet148());
    await publishSheet(ctx(), id);
    for (const v of ['148-2023', '148-1489-2025']) {
      const s = json(await get(`/api/v1/criteria/${v}/sets/2`));
      expect(s, v).toMatchObject({ official: true, totalPoints: 100, provenance: 'QĐ 148/QĐ-TTg, Phụ lục III (test transcription)' });
    }
    const sets = json<{ items: SetItem[] }>(await get('/api/v1/criteria/148-2023/sets'));
    expect(sets.items.filter((s) => s.hasSheet).map((s) => s.code)).toEqual(['2']);
    expectError(await get('/api/v1/criteria/26-2026/sets/2'), 404, 'sheet_not_available');
  });

  it('refuses authoring to anyone but a national administrator', async () => {
    const officerCtx = makeCtx(t.deps, { actor: { ...systemActor('officer'), role: 'province_officer', areaCode: '38', provinceCode: '38' } });
    await expectCode(createDraft(officerCtx, { version: '1048-2019', productSetCode: '2' }), 'forbidden');
    await expectCode(confirmVersion(officerCtx, '26-2026'), 'forbidden');
    await expectCode(createDraft(makeCtx(t.deps), { version: '1048-2019', productSetCode: '2' }), 'unauthenticated');
  });

  it('rejects a draft for a set outside the version\'s classification', async () => {
    await expectCode(createDraft(ctx(), { version: '148-2023', productSetCode: '27' }), 'validation_failed');
  });

  it('a national administrator confirms 26/2026 against the official text', async () => {
    const v = await confirmVersion(ctx(), '26-2026');
    expect(v).toMatchObject({ code: '26-2026', toVerify: false, verificationNote: null });
    const listed = json<{ items: Version[] }>(await get('/api/v1/criteria')).items.find((x) => x.code === '26-2026');
    expect(listed?.toVerify).toBe(false);
  });
});

describe('loading on start', () => {
  it('is idempotent and keeps an administrator\'s work and confirmation', async () => {
    const db = t.deps.database.db;
    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(criteriaSheets))[0]!.n;
    const before = await count();
    expect(await ensureCriteriaData(db)).toBe('current');
    await db.delete(appSettings).where(eq(appSettings.key, 'criteria_data_version'));
    expect(await ensureCriteriaData(db)).toBe('loaded');
    expect(await count()).toBe(before);
    const v = json<{ items: Version[] }>(await get('/api/v1/criteria')).items.find((x) => x.code === '26-2026');
    expect(v?.toVerify).toBe(false);
    expect(json(await get('/api/v1/criteria/1048-2019/sets/1')).revision).toBe(2);
  });
});
