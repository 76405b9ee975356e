/**
 * Council field errors are codes (issue 11): the API keeps the English message per field and adds
 * its code; the HTML forms show the Vietnamese translation and never the English text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { createRound } from '../helpers/council-fixtures';

let t: TestApp;
let officer: AuthedUser;
let admin: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
});
afterAll(() => t?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('council field errors', () => {
  it('answer the API with the English message and the code of each field', async () => {
    const bad = async (payload: object) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/rounds', headers: admin.headers(), payload });
      expect(res.statusCode).toBe(400);
      return (json(res) as { error: { fields: Record<string, string>; fieldCodes: Record<string, string> } }).error;
    };
    const base = { name: 'Đợt thử', level: 'province', sessionDate: '2026-07-15' };
    expect(await bad(base)).toMatchObject({
      fields: { provinceCode: 'required for a province round' }, fieldCodes: { provinceCode: 'council.province_required' },
    });
    expect(await bad({ ...base, provinceCode: '99' })).toMatchObject({
      fields: { provinceCode: 'unknown province' }, fieldCodes: { provinceCode: 'council.unknown_province' },
    });
    expect(await bad({ ...base, provinceCode: AREAS.thanhHoa, sessionDate: '2010-01-01' })).toMatchObject({
      fields: { sessionDate: 'no evaluation regime is in force on this date' }, fieldCodes: { sessionDate: 'council.no_regime' },
    });
    expect(await bad({ ...base, provinceCode: AREAS.thanhHoa, cutoffDate: '2026-08-01' })).toMatchObject({
      fields: { cutoffDate: 'the cut-off must be on or before the session date' }, fieldCodes: { cutoffDate: 'council.cutoff_after_session' },
    });
  });

  it('show Vietnamese on the forms, never the English message', async () => {
    const s = await officer.login();
    const headers = s.headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' });
    const created = await t.app.inject({
      method: 'POST', url: '/admin/rounds', headers,
      payload: form({ _csrf: s.csrf, name: 'Đợt thử', level: 'province', provinceCode: '99', sessionDate: '2026-07-15', cutoffDate: '2026-08-01' }),
    });
    expect(created.statusCode).toBe(400);
    expect(created.body).toContain('Không có tỉnh, thành phố với mã này.');
    expect(created.body).not.toContain('unknown province');

    // A refused action re-renders the round page with the translated error only.
    const round = await createRound(t, officer, {});
    const opened = await t.app.inject({ method: 'POST', url: `/admin/rounds/${round.id}/open`, headers, payload: form({ _csrf: s.csrf }) });
    expect(opened.statusCode).toBe(409);
    expect(opened.body).toContain('class="notice notice--danger"');
    expect(opened.body).not.toContain('cannot open yet');
  });
});
