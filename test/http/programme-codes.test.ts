/**
 * The programme modules (reports, targets, outlets, training, support, inspections) answer field
 * problems as codes: the API keeps its English text and adds `fieldCodes`; the pages show the
 * code's Vietnamese translation, never the English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';

let t: TestApp;
let officer: AuthedUser;
const now = new Date('2026-07-10T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
}, 180_000);
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: officer.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });
const codes = (res: Awaited<ReturnType<typeof api>>) => (json(res) as { error: { fieldCodes?: Record<string, string> } }).error.fieldCodes;

describe('field codes in the API', () => {
  it('training, outlets, support, targets, inspections and reports name each problem', async () => {
    let res = await api('POST', '/api/v1/training/courses', { title: 'Lớp thử', startsOn: '2026-07-20', endsOn: '2026-07-01' });
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ endsOn: 'before the start date' });
    expect(codes(res)).toEqual({ endsOn: 'training.ends_before_start' });

    res = await api('POST', '/api/v1/outlets', { name: 'Cửa hàng thử', kind: 'shop', communeCode: AREAS.hamRong, website: 'abc' });
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ website: 'a web address starting with http:// or https://' });
    expect(codes(res)).toEqual({ website: 'outlet.website' });

    res = await api('GET', '/api/v1/support/totals?from=2026-07-10&to=2026-07-01');
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ to: 'before from' });
    expect(codes(res)).toEqual({ to: 'support.period_order' });

    res = await api('POST', '/api/v1/targets', { areaCode: '38', indicator: 'potential_five_star', periodStart: '2026-12-31', periodEnd: '2026-01-01', targetValue: 3 });
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ periodEnd: 'the period ends before it starts' });
    expect(codes(res)).toEqual({ periodEnd: 'target.ends_before_start' });

    res = await api('POST', '/api/v1/inspections/plans', { title: 'Kế hoạch thử', provinceCode: '38', periodStart: '2026-12-31', periodEnd: '2026-10-01' });
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ periodEnd: 'before the start of the period' });
    expect(codes(res)).toEqual({ periodEnd: 'insp.period_end_before_start' });

    res = await api('GET', '/api/v1/reports/summary?area=3');
    expect(expectError(res, 400, 'validation_failed').fields).toEqual({ area: 'a province (2 digits) or commune (5 digits) code' });
    expect(codes(res)).toEqual({ area: 'report.area_code' });
  });
});

describe('field codes on the pages', () => {
  it('the training form says the problem in Vietnamese, not in English', async () => {
    const session = await officer.login();
    const res = await t.app.inject({
      method: 'POST', url: '/admin/training', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, title: 'Lớp thử', startsOn: '2026-07-20', endsOn: '2026-07-01' }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.');
    expect(res.body).not.toContain('before the start date');
  });
});
