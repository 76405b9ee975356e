/**
 * Training through the API: courses (validation, area scope, 403/404), sessions (inside the
 * course, hours 0.5–24), participants (producers of the course's province or named persons, no
 * duplicates), attendance per session (not before the session; only the course's participants)
 * and the course summary (sessions held, participants, attendance rate, producers reached),
 * filters by year and area, deletion refused once attendance exists, audit rows.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let officer: AuthedUser;
let hanoiOfficer: AuthedUser;
let communeOfficer: AuthedUser;
let inspector: AuthedUser;
let admin: AuthedUser;
let producer: AuthedUser;
const now = new Date('2026-07-10T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  [officer, hanoiOfficer, communeOfficer, inspector, admin, producer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'national_admin' }),
    asUser(t.app, t.deps, { role: 'producer' }),
  ]);
}, 180_000);
afterAll(() => t?.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, user: AuthedUser, payload?: unknown) =>
  t.app.inject({ method, url, headers: user.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });
const course = (extra: Record<string, unknown> = {}) => ({
  title: 'Xây dựng câu chuyện sản phẩm OCOP', framework: 'Chương trình OCOP tỉnh Thanh Hóa 2021–2025',
  startsOn: '2026-07-01', endsOn: '2026-07-20', trainer: 'ThS. Lê Thị Hoa', venue: 'Hội trường UBND phường Hàm Rồng', ...extra,
});
const create = async (user: AuthedUser = officer, extra: Record<string, unknown> = {}) => {
  const res = await req('POST', '/api/v1/training/courses', user, course(extra));
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
};

describe('courses', () => {
  it('creates a province course for a province officer (province from the officer) with an audit row', async () => {
    const c = await create();
    expect(c).toMatchObject({ provinceCode: AREAS.thanhHoa, communeCode: null, provinceName: expect.stringContaining('Thanh Hóa'), sessions: [], participants: [],
      summary: { sessions: 0, sessionsHeld: 0, participants: 0, attendanceRate: null, producersReached: 0 }, actions: { edit: true, delete: true } });
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'training_course.create')));
    expect(audit).toHaveLength(1);
  });

  it('validates dates and area', async () => {
    let err = expectError(await req('POST', '/api/v1/training/courses', officer, course({ startsOn: '2026-02-30', endsOn: '2026-13-01' })), 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['endsOn', 'startsOn']);
    err = expectError(await req('POST', '/api/v1/training/courses', officer, course({ startsOn: '2026-07-20', endsOn: '2026-07-01' })), 400, 'validation_failed');
    expect(err.fields).toEqual({ endsOn: 'before the start date' });
    err = expectError(await req('POST', '/api/v1/training/courses', officer, course({ communeCode: AREAS.hoanKiem })), 400, 'validation_failed');
    expect(err.fields).toEqual({ communeCode: 'outside your area' });
    err = expectError(await req('POST', '/api/v1/training/courses', admin, course()), 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {})).toEqual(['provinceCode']);
    err = expectError(await req('POST', '/api/v1/training/courses', communeOfficer, course()), 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {})).toEqual(['communeCode']);
    expectError(await req('POST', '/api/v1/training/courses', officer, course({ title: '' })), 400, 'validation_failed');
  });

  it('scopes reads and writes: 404 outside the area, 403 for producers and inspectors writing', async () => {
    const c = await create();
    expectError(await req('GET', `/api/v1/training/courses/${c.id}`, hanoiOfficer), 404, 'not_found');
    expectError(await req('PATCH', `/api/v1/training/courses/${c.id}`, hanoiOfficer, { title: 'x' }), 404, 'not_found');
    // A province-wide course is not a commune officer's.
    expectError(await req('GET', `/api/v1/training/courses/${c.id}`, communeOfficer), 404, 'not_found');
    expect(json(await req('GET', `/api/v1/training/courses/${c.id}`, inspector)).actions).toEqual({ edit: false, delete: false });
    expectError(await req('POST', `/api/v1/training/courses/${c.id}/sessions`, inspector, { heldOn: '2026-07-02', topic: 'x' }), 403, 'forbidden');
    expectError(await req('GET', '/api/v1/training/courses', producer), 403, 'forbidden');
    expectError(await req('POST', '/api/v1/training/courses', producer, course()), 403, 'forbidden');
    const mine = await create(communeOfficer, { communeCode: AREAS.hamRong });
    expect(mine).toMatchObject({ communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa });
    expect(json(await req('GET', `/api/v1/training/courses/${mine.id}`, officer)).actions.edit).toBe(true);
  });

  it('lists with filters by year, area and text, paginated', async () => {
    await create(officer, { title: 'Thiết kế bao bì, nhãn mác', startsOn: '2025-11-03', endsOn: '2025-11-05' });
    const y2025 = json(await req('GET', '/api/v1/training/courses?year=2025', officer));
    expect(y2025.items.map((c: { title: string }) => c.title)).toEqual(['Thiết kế bao bì, nhãn mác']);
    const commune = json(await req('GET', `/api/v1/training/courses?area=${AREAS.hamRong}`, officer));
    expect(commune.items.every((c: { communeCode: string }) => c.communeCode === AREAS.hamRong)).toBe(true);
    const q = json(await req('GET', '/api/v1/training/courses?q=bao bi', officer));
    expect(q.total).toBe(1);
    expect(json(await req('GET', '/api/v1/training/courses', hanoiOfficer)).total).toBe(0);
    const page = json(await req('GET', '/api/v1/training/courses?pageSize=1&page=2', officer));
    expect(page).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
  });
});

describe('sessions, participants and attendance', () => {
  it('runs a course end to end and computes its summary', async () => {
    const c = await create();
    const url = `/api/v1/training/courses/${c.id}`;
    // Sessions: inside the course, hours 0.5–24.
    let err = expectError(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-06-30', topic: 'Khai giảng', hours: 4 }), 400, 'validation_failed');
    expect(err.fields?.heldOn).toMatch(/^outside the course dates/);
    expectError(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Khai giảng', hours: 0.25 }), 400, 'validation_failed');
    expectError(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Khai giảng', hours: 25 }), 400, 'validation_failed');
    expectError(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-02-31', topic: 'Khai giảng' }), 400, 'validation_failed');
    const s1 = json(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Câu chuyện sản phẩm', hours: 4 }));
    const s2 = json(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-07-03', topic: 'Thực hành', hours: 3.5 }));
    const s3 = json(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-07-15', topic: 'Tổng kết', hours: 2 }));
    expect([s1.held, s3.held]).toEqual([true, false]);

    // Participants: producers of the province (name defaults to the representative) or named persons.
    const coop = await buildProducer(officer.ctx, { name: 'HTX Mật ong Hàm Rồng', representative: 'Lê Văn Mật' });
    const farm = await buildProducer(officer.ctx, { name: 'Hộ kinh doanh Chè Hạc Thành', representative: 'Phạm Thị Chè' });
    const hanoiProducer = await buildProducer(hanoiOfficer.ctx, { communeCode: AREAS.hoanKiem });
    const p1 = json(await req('POST', `${url}/participants`, officer, { producerId: coop.id, position: 'Giám đốc', phone: '0912 345 678' }));
    expect(p1).toMatchObject({ fullName: 'Lê Văn Mật', producerName: 'HTX Mật ong Hàm Rồng', position: 'Giám đốc' });
    const p2 = json(await req('POST', `${url}/participants`, officer, { producerId: farm.id, fullName: 'Phạm Văn Bình' }));
    const p3 = json(await req('POST', `${url}/participants`, officer, { fullName: 'Nguyễn Thị Lan', position: 'Cán bộ xã' }));
    expectError(await req('POST', `${url}/participants`, officer, { producerId: coop.id }), 409, 'duplicate');
    expectError(await req('POST', `${url}/participants`, officer, { fullName: 'nguyễn thị lan' }), 409, 'duplicate');
    err = expectError(await req('POST', `${url}/participants`, officer, { producerId: hanoiProducer.id, fullName: 'Trần Văn A' }), 400, 'validation_failed');
    expect(err.fields).toEqual({ producerId: 'producer outside the course\'s province' });
    expectError(await req('POST', `${url}/participants`, officer, { fullName: 'Trần Văn B', phone: '123' }), 400, 'validation_failed');
    expectError(await req('POST', `${url}/participants`, officer, { position: 'Khách' }), 400, 'validation_failed');

    // Attendance: held sessions only; only this course's participants.
    const att = (sessionId: string, present: string[], user: AuthedUser = officer) => req('PUT', `/api/v1/training/sessions/${sessionId}/attendance`, user, { present });
    expectError(await att(s3.id, [p1.id]), 409, 'invalid_transition');
    expectError(await att(s1.id, ['00000000-0000-4000-8000-000000000000']), 400, 'validation_failed');
    expectError(await att(s1.id, [p1.id], hanoiOfficer), 404, 'not_found');
    expectError(await att('00000000-0000-4000-8000-000000000000', []), 404, 'not_found');
    const a1 = await att(s1.id, [p1.id, p2.id, p3.id]);
    expect(a1.statusCode, a1.body).toBe(200);
    expect(json(a1).session.present).toBe(3);
    expect(json(await att(s2.id, [p1.id])).attendance).toEqual(expect.arrayContaining([{ participantId: p2.id, present: false }, { participantId: p1.id, present: true }]));
    // Re-marking replaces the session's record.
    expect(json(await att(s2.id, [p1.id, p3.id])).session.present).toBe(2);

    const detail = json(await req('GET', url, officer));
    expect(detail.summary).toEqual({ sessions: 3, sessionsHeld: 2, hoursHeld: 7.5, participants: 3, attendanceRate: Math.round((5 / 6) * 1000) / 1000, producersReached: 2 });
    expect(detail.participants.find((p: { id: string }) => p.id === p1.id).attended).toBe(2);
    expect(detail.actions.delete).toBe(false);
    expectError(await req('DELETE', url, officer), 409, 'conflict');
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, s2.id), eq(auditLog.action, 'training_session.attendance')));
    expect(audit).toHaveLength(2);

    // New dates must keep the sessions inside.
    err = expectError(await req('PATCH', url, officer, { endsOn: '2026-07-10' }), 400, 'validation_failed');
    expect(err.fields).toEqual({ endsOn: 'sessions would fall outside the course dates' });
    const edited = json(await req('PATCH', url, officer, { trainer: 'TS. Nguyễn Văn Hùng', endsOn: '2026-07-25' }));
    expect(edited).toMatchObject({ trainer: 'TS. Nguyễn Văn Hùng', endsOn: '2026-07-25' });
  });

  it('deletes a course without attendance (with an audit row)', async () => {
    const c = await create();
    await req('POST', `/api/v1/training/courses/${c.id}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Buổi 1' });
    expectError(await req('DELETE', `/api/v1/training/courses/${c.id}`, hanoiOfficer), 404, 'not_found');
    // A session was added after the course was read: a delete with the version read is refused.
    expectError(await req('DELETE', `/api/v1/training/courses/${c.id}?version=${c.version}`, officer), 409, 'conflict');
    const now = json(await req('GET', `/api/v1/training/courses/${c.id}`, officer));
    expect(now.sessions).toHaveLength(1);
    expect((await req('DELETE', `/api/v1/training/courses/${c.id}?version=${now.version}`, officer)).statusCode).toBe(204);
    expectError(await req('GET', `/api/v1/training/courses/${c.id}`, officer), 404, 'not_found');
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'training_course.delete')));
    expect(audit).toHaveLength(1);
  });
});

describe('pages without JavaScript', () => {
  it('saves the attendance grid from a plain form post and shows it read-only to inspectors', async () => {
    const c = await create();
    const s1 = json(await req('POST', `/api/v1/training/courses/${c.id}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Buổi 1', hours: 2 }));
    const s2 = json(await req('POST', `/api/v1/training/courses/${c.id}/sessions`, officer, { heldOn: '2026-07-03', topic: 'Buổi 2', hours: 2 }));
    const a = json(await req('POST', `/api/v1/training/courses/${c.id}/participants`, officer, { fullName: 'Đỗ Thị An' }));
    const b = json(await req('POST', `/api/v1/training/courses/${c.id}/participants`, officer, { fullName: 'Vũ Văn Bảo' }));
    const session = await officer.login({ remoteAddress: '10.0.1.1' });
    const form = new URLSearchParams([['_csrf', session.csrf], ['session', s1.id], ['session', s2.id], [`s_${s1.id}`, a.id], [`s_${s1.id}`, b.id], [`s_${s2.id}`, b.id]]);
    const res = await t.app.inject({
      method: 'POST', url: `/admin/training/${c.id}/attendance`, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString(),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const detail = json(await req('GET', `/api/v1/training/courses/${c.id}`, officer));
    expect(detail.summary).toMatchObject({ sessionsHeld: 2, participants: 2, attendanceRate: 0.75 });
    const insp = await inspector.login({ remoteAddress: '10.0.1.2' });
    const page = await t.app.inject({ url: `/admin/training/${c.id}`, headers: { cookie: insp.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Vắng');
    expect(page.body).not.toContain('Lưu điểm danh');
  });
});

describe('concurrent edits (version)', () => {
  it('PATCH: of two edits from the same version the first saves and bumps it, the second is 409 conflict and changes nothing', async () => {
    const c = await create(officer, { title: 'Kỹ năng bán hàng trực tuyến' });
    expect(c.version).toBe(1);
    const url = `/api/v1/training/courses/${c.id}`;
    const first = await req('PATCH', url, officer, { trainer: 'TS. Nguyễn Văn Hùng', version: 1 });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ trainer: 'TS. Nguyễn Văn Hùng', version: 2 });
    const err = expectError(await req('PATCH', url, admin, { trainer: 'ThS. Trần Thị Mai', venue: 'Nhà văn hóa', version: 1 }), 409, 'conflict');
    expect(err.message).toMatch(/changed meanwhile/);
    expect(json(await req('GET', url, officer))).toMatchObject({ trainer: 'TS. Nguyễn Văn Hùng', venue: c.venue, version: 2 });
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'training_course.update')));
    expect(audit).toHaveLength(1);
    // Two saves at the same moment from the same version: exactly one wins.
    const both = await Promise.all([
      req('PATCH', url, officer, { venue: 'Hội trường A', version: 2 }),
      req('PATCH', url, officer, { venue: 'Hội trường B', version: 2 }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(json(await req('GET', url, officer)).version).toBe(3);
  });

  it('sessions, participants and attendance are changes of the course: they bump its version; stale attendance is 409 and keeps the record', async () => {
    const c = await create(officer, { title: 'Quản trị hợp tác xã' });
    const url = `/api/v1/training/courses/${c.id}`;
    const s1 = json(await req('POST', `${url}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Buổi 1' }));
    const a = json(await req('POST', `${url}/participants`, officer, { fullName: 'Lò Văn Tính' }));
    const b = json(await req('POST', `${url}/participants`, officer, { fullName: 'Hà Thị Xuân' }));
    expect(json(await req('GET', url, officer)).version).toBe(4);
    const att = (present: string[], version?: number) => req('PUT', `/api/v1/training/sessions/${s1.id}/attendance`, officer, { present, ...(version ? { version } : {}) });
    const first = await att([a.id, b.id], 4);
    expect(first.statusCode, first.body).toBe(200);
    expectError(await att([a.id], 4), 409, 'conflict');
    const now = json(await req('GET', url, officer));
    expect(now.version).toBe(5);
    expect(now.attendance.filter((x: { present: boolean }) => x.present)).toHaveLength(2);
    // A course edit read before the attendance was recorded is stale as well.
    expectError(await req('PATCH', url, officer, { title: 'x', version: 4 }), 409, 'conflict');
  });

  it('the course form carries the version; a stale form shows the Vietnamese conflict message and saves nothing; so does a stale attendance grid', async () => {
    const c = await create(officer, { title: 'Chế biến và bảo quản nông sản' });
    const session = await officer.login({ remoteAddress: '10.0.1.3' });
    const edit = await t.app.inject({ url: `/admin/training/${c.id}/edit`, headers: { cookie: session.cookie } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toMatch(/<input type="hidden" name="version" value="1"/);
    // Someone else saves first.
    expect(json(await req('PATCH', `/api/v1/training/courses/${c.id}`, admin, { venue: 'Trung tâm khuyến nông', version: 1 })).version).toBe(2);
    const post = (version: string, title: string) => t.app.inject({
      method: 'POST', url: `/admin/training/${c.id}`, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, title, startsOn: '2026-07-01', endsOn: '2026-07-20', trainer: 'ThS. Lê Thị Hoa', venue: 'Hội trường', version }).toString(),
    });
    const stale = await post('1', 'Chế biến nông sản (đã sửa)');
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Lớp tập huấn vừa được người khác sửa');
    expect(json(await req('GET', `/api/v1/training/courses/${c.id}`, officer))).toMatchObject({ title: 'Chế biến và bảo quản nông sản', venue: 'Trung tâm khuyến nông', version: 2 });
    const saved = await post('2', 'Chế biến nông sản (đã sửa)');
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(json(await req('GET', `/api/v1/training/courses/${c.id}`, officer))).toMatchObject({ title: 'Chế biến nông sản (đã sửa)', version: 3 });

    // The attendance grid: drawn at a version; a participant added meanwhile makes it stale.
    const s1 = json(await req('POST', `/api/v1/training/courses/${c.id}/sessions`, officer, { heldOn: '2026-07-02', topic: 'Buổi 1' }));
    const p = json(await req('POST', `/api/v1/training/courses/${c.id}/participants`, officer, { fullName: 'Cầm Thị Hương' }));
    const page = await t.app.inject({ url: `/admin/training/${c.id}`, headers: { cookie: session.cookie } });
    const drawn = /<form method="post" action="[^"]+\/attendance"[^>]*>.*?name="version" value="(\d+)"/s.exec(page.body)?.[1];
    expect(drawn).toBe('5');
    await req('POST', `/api/v1/training/courses/${c.id}/participants`, officer, { fullName: 'Lương Văn Thắng' });
    const grid = await t.app.inject({
      method: 'POST', url: `/admin/training/${c.id}/attendance`, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', session.csrf], ['version', drawn!], ['session', s1.id], [`s_${s1.id}`, p.id]]).toString(),
    });
    expect(grid.statusCode).toBe(409);
    expect(grid.body).toContain('Lớp tập huấn vừa được người khác sửa');
    expect(json(await req('GET', `/api/v1/training/courses/${c.id}`, officer)).attendance).toEqual([]);
  });

  it('documents the version in the OpenAPI update bodies and the DTO', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    const bodyOf = (path: string, method: string) => doc.paths[path][method].requestBody.content['application/json'].schema;
    expect(bodyOf('/api/v1/training/courses/{id}', 'patch').properties.version).toMatchObject({ type: 'integer' });
    expect(bodyOf('/api/v1/training/sessions/{id}/attendance', 'put').properties.version).toMatchObject({ type: 'integer' });
    expect(doc.paths['/api/v1/training/courses/{id}'].patch.responses['409']).toBeDefined();
  });
});

describe('demo data', () => {
  it('loads the SAMPLE courses with sessions, demo producers as participants and attendance', async () => {
    const { freshDeps } = await import('../helpers/db');
    const { loadDemo } = await import('../../src/modules/ops/demo');
    const { listCourses } = await import('../../src/modules/training/training.service');
    const { makeCtx, systemActor } = await import('../../src/context');
    const deps = await freshDeps({ clock: () => new Date('2026-11-22T03:00:00Z') });
    try {
      expect((await loadDemo(deps)).loaded).toBe(true);
      const list = await listCourses(makeCtx(deps, { actor: systemActor('test') }), { page: 1, pageSize: 20 });
      expect(list.total).toBe(3);
      expect(list.items.every((c) => c.isSample && c.title.includes('(mẫu)'))).toBe(true);
      const story = list.items.find((c) => c.title.startsWith('Xây dựng câu chuyện'))!;
      expect(story.summary).toEqual({ sessions: 3, sessionsHeld: 3, hoursHeld: 11.5, participants: 6, attendanceRate: Math.round((15 / 18) * 1000) / 1000, producersReached: 5 });
      expect(list.items.find((c) => c.communeCode === '14956')?.summary.producersReached).toBe(3);
    } finally {
      await deps.cleanup();
    }
  }, 240_000);
});
