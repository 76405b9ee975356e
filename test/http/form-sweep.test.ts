/**
 * The form sweep (issue 11, "Done when"): every HTML form of the back office, submitted with bad
 * input in Vietnamese, shows only field errors that are translated codes — no English sentence,
 * no text of the transitional regex table, no generic fallback where a code exists.
 *
 * On the demo dataset (the ops demo seed: one account per role), for each back-office role, and for
 * the buyer from their market account (/tai-khoan):
 * 1. crawl the pages reachable by GET from /admin (links under /admin, in document order, bounded:
 *    at most PER_PATTERN pages per URL shape — ids and numbers generalised — and MAX_PAGES per role);
 * 2. collect every `<form method="post">` with its fields (test/helpers/html-forms.ts);
 * 3. submit each distinct form (action shape + field names) once, as a browser would
 *    (urlencoded, the form's own `_csrf`, the session cookie, Accept: text/html), with bad input:
 *    required text emptied, over-long text where a maxlength is set, numbers 'abc', dates
 *    '31/02/20x', e-mail/phone/URL malformed, selects and radios a value not in their options;
 * 4. check the answer: no 500, no CSRF failure, the page is Vietnamese (`<html lang="vi">`), every
 *    field error (`.field-error-message`) and every error-summary item ("Nhãn: thông điệp") is the
 *    Vietnamese text of a registered `field.*` message; and, watching the shared translation
 *    (`fieldMessages` of src/web/field-errors.ts), no problem reaches it as English text (a
 *    service not yet raising codes) and no code falls back to the generic message.
 *
 * Forms skipped (not data entry, or not urlencoded):
 * - logout and the language switch;
 * - pure buttons: forms whose only controls are hidden inputs (delete, approve, sign, …);
 * - forms with a file input or `enctype="multipart/form-data"` (uploads; their errors come from
 *   the multipart reader, and a bad file is not "bad input" of this kind);
 * - GET forms (filters and searches).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestUser, json, login, testApp, type Session, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildDossier } from '../helpers/council-fixtures';
import { publishTestSheet } from '../helpers/sheets';
import { errorSummaryItemsOf, fieldErrorsOf, formsOf, linksOf, pageLang, type HtmlForm } from '../helpers/html-forms';
import { hasMessage, tDynamic } from '../../src/core/i18n';
import { DEMO_COMMUNE, DEMO_PASSWORD, DEMO_USERS, loadDemo } from '../../src/modules/ops/demo';
import { findUserByUsername } from '../../src/modules/identity/identity.repository';
import type { Role } from '../../src/core/roles';
import type { FieldErrors } from '../../src/errors';
import type { Locale } from '../../src/core/i18n';
import type * as FieldErrorsModule from '../../src/web/field-errors';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../src/web/components/form';

/** What the shared translation of field problems saw during one submission. */
interface Seen { field: string; problem: unknown; text: string }
const seen = vi.hoisted(() => [] as Seen[]);

vi.mock('../../src/web/field-errors', async (importOriginal) => {
  const orig = await importOriginal<typeof FieldErrorsModule>();
  return {
    ...orig,
    fieldMessages: (fields: FieldErrors, locale: Locale) => {
      for (const [field, problem] of Object.entries(fields)) seen.push({ field, problem, text: orig.fieldMessage(problem, locale) });
      return orig.fieldMessages(fields, locale);
    },
  };
});

const ROLES: readonly Role[] = ['national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer', 'buyer'];
/** Where a role's pages start and stay: the back office, or a buyer's account on the market. */
const HOME = (role: Role) => (role === 'buyer' ? '/tai-khoan' : '/admin');
const MAX_PAGES = 80;
const PER_PATTERN = 2;
const SKIP_LINK = /\/logout\b|[?&]lang=|\.(csv|xlsx|pdf|zip|json|png|jpe?g|svg)(\?|$)|\/(export|download|media)\b|\/api\//i;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The Vietnamese templates of the registered messages whose keys start with `prefix`, as anchored
 * patterns. The keys are read from every `.i18n.ts` (its exported bundles, and its source text in
 * case a bundle is assembled unexported); the text is the one registered (src/core/i18n.ts).
 */
async function templatesOf(prefix: string): Promise<Template[]> {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.i18n\.ts$/.test(f)).sort();
  const keys = new Set<string>();
  for (const f of files) {
    const file = path.join(ROOT, 'src', f);
    for (const m of readFileSync(file, 'utf8').matchAll(/['"]([\w.-]+)['"]\s*:/g)) keys.add(m[1]!);
    const mod = await import(pathToFileURL(file).href) as Record<string, unknown>;
    for (const v of Object.values(mod)) {
      const vi = (v as { vi?: unknown } | null)?.vi;
      if (vi && typeof vi === 'object') for (const k of Object.keys(vi)) keys.add(k);
    }
  }
  // A template that is only a parameter (an import finding, translated when its job stored it)
  // carries no wording of its own, so it cannot vouch for a text.
  const wordless = (k: string) => /^\{\w+\}$/.test(tDynamic('vi', k, ''));
  return [...keys].filter((k) => k.startsWith(prefix) && hasMessage('vi', k) && !wordless(k)).sort().map((key) => {
    const text = tDynamic('vi', key, ''); // no params: the template itself
    return { key, text, re: new RegExp(`^${patternOf(text)}$`) };
  });
}
interface Template { key: string; text: string; re: RegExp }

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A template as a regular expression: `{param}` matches any text. */
const patternOf = (template: string) => template.split(/\{\w+\}/).map(escapeRe).join('.+?');

/** A URL's shape: ids and numbers generalised, query values dropped. */
function shapeOf(url: string): string {
  const [p, q = ''] = url.split('?');
  const shape = p!.split('/').map((seg) => (/^[0-9a-f-]{32,36}$/i.test(seg) ? ':id' : /\d/.test(seg) ? ':n' : seg)).join('/');
  const keys = [...new URLSearchParams(q).keys()].sort();
  return keys.length ? `${shape}?${keys.join('&')}` : shape;
}

/** The bad value a field is submitted with (undefined: leave it out, as a browser would). */
function badValue(f: HtmlForm['fields'][number]): string | undefined {
  switch (f.kind) {
    case 'hidden': return f.value;
    case 'checkbox': return f.checked ? (f.value || 'on') : undefined;
    case 'radio': return '__not_an_option__';
    case 'select': return '__not_an_option__';
    case 'number': return 'abc';
    case 'date': return '31/02/20x';
    case 'email': return 'khong-phai-thu@';
    case 'tel': return 'abc';
    case 'url': return 'không phải địa chỉ';
    case 'other': return 'abc';
    default: // text, textarea, search, password
      if (f.required) return '';
      if (f.maxLength) return 'x'.repeat(f.maxLength + 1);
      return f.value;
  }
}

function payloadOf(form: HtmlForm): string {
  const body = new URLSearchParams();
  const radios = new Set<string>();
  for (const f of form.fields) {
    if (f.kind === 'radio') {
      if (radios.has(f.name)) continue;
      radios.add(f.name);
    }
    const v = badValue(f);
    if (v !== undefined) body.append(f.name, v);
  }
  if (form.submitter) body.append(form.submitter.name, form.submitter.value);
  return body.toString();
}

const skipReason = (form: HtmlForm): string | null => {
  if (form.method !== 'post') return 'get';
  if (/\/logout\b|[?&]lang=/.test(form.action)) return 'logout/language';
  if (form.enctype.includes('multipart') || form.fields.some((f) => f.kind === 'file')) return 'upload';
  if (form.fields.every((f) => f.kind === 'hidden')) return 'buttons';
  return null;
};

/**
 * Beyond the demo dataset, so that the evaluation forms show up too: an open round of Thanh Hóa
 * with the demo council member seated and a dossier to score, a round in preparation, and dossiers
 * at the producer's (draft), the commune's (submitted) and the province's (forwarded) steps.
 */
async function arrangeEvaluation(t: TestApp): Promise<void> {
  const sheetId = await publishTestSheet(t.ctx);
  const officer = await login(t.app, 'thanhhoa', DEMO_PASSWORD, { remoteAddress: '10.0.12.1' });
  const call = async (url: string, payload: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'POST', url, headers: officer.headers(), payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return json(res);
  };
  const member = await findUserByUsername(t.ctx, 'hoidong');
  const producerUser = await findUserByUsername(t.ctx, 'htxpuluong');
  const round = await call('/api/v1/rounds', { name: 'Đợt đánh giá (rà soát biểu mẫu)', level: 'province', provinceCode: AREAS.thanhHoa, sessionDate: '2026-12-15' });
  const secretary = await createTestUser(t.deps, { role: 'council_member', areaCode: AREAS.thanhHoa });
  await call(`/api/v1/rounds/${round.id}/members`, { userId: member!.user.id, councilRole: 'chair', organisation: 'Sở Nông nghiệp và Môi trường' });
  await call(`/api/v1/rounds/${round.id}/members`, { userId: secretary.user.id, councilRole: 'secretary', organisation: 'Sở Nông nghiệp và Môi trường' });
  const received = await buildDossier(t.ctx, { sheetId, status: 'received' });
  await call(`/api/v1/rounds/${round.id}/assignments`, { dossierIds: [received.id] });
  await call(`/api/v1/rounds/${round.id}/open`);
  await call('/api/v1/rounds', { name: 'Đợt chuẩn bị (rà soát biểu mẫu)', level: 'province', provinceCode: AREAS.thanhHoa, sessionDate: '2026-12-20' });
  await buildDossier(t.ctx, { sheetId, producerId: producerUser!.user.producerId!, status: 'draft' });
  await buildDossier(t.ctx, { sheetId, communeCode: DEMO_COMMUNE, status: 'submitted' });
  await buildDossier(t.ctx, { sheetId, status: 'forwarded' });
}

let t: TestApp;
/** `field.*`: what a field error may say; `errors.*`: what the whole-form pseudo-field `form` may say. */
let fieldTexts: Template[];
let formTexts: Template[];
beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-11-22T03:00:00Z') });
  expect((await loadDemo(t.deps)).loaded).toBe(true);
  await arrangeEvaluation(t);
  // The demo buyer keeps an address, so that its form (change) is swept too.
  const buyer = await login(t.app, 'nguoimua', DEMO_PASSWORD, { remoteAddress: '10.0.12.2' });
  const kept = await t.app.inject({
    method: 'POST', url: '/api/v1/market/me/addresses', headers: buyer.headers(),
    payload: { recipientName: 'Người Mua Thử', phone: '0912345678', communeCode: DEMO_COMMUNE, street: '1 Đường Thử' },
  });
  expect(kept.statusCode, kept.body).toBe(201);
  fieldTexts = await templatesOf('field.');
  formTexts = await templatesOf('errors.');
}, 120_000);
afterAll(() => t?.close());

interface Failure { role: Role; action: string; field: string; text: string }

/**
 * What our strict CSP (no inline styles or scripts) would block on a page we render: a style
 * attribute or element, or a script with neither src nor a data type. Null when there is none.
 */
function cspBlocked(html: string): string | null {
  const style = /<[a-z][^>]*\sstyle="[^"]*"/i.exec(html) ?? /<style[\s>]/i.exec(html);
  if (style) return `an inline style: ${style[0].slice(0, 120)}`;
  const script = /<script(?![^>]*\bsrc=)(?![^>]*\btype="application\/(?:ld\+)?json")[^>]*>/i.exec(html);
  return script ? `an inline script: ${script[0]}` : null;
}

describe('the form sweep (bad input, Vietnamese)', () => {
  it('reads forms, field errors and the error summary as the form components render them', () => {
    const html = renderToString(h('form', { method: 'post', action: '/admin/x' },
      h(ErrorSummary, { title: 'Có lỗi', errors: { 'address.name': 'Bắt buộc: hãy nhập hoặc chọn giá trị.', form: 'Xung đột & lỗi' }, labels: { 'address.name': 'Tên <cơ sở>' } }),
      h(CsrfField, { token: 'tok' }),
      h(TextField, { name: 'address.name', label: 'Tên', required: true, value: 'A & B', maxLength: 20, error: 'Bắt buộc: hãy nhập hoặc chọn giá trị.' }),
      h(TextField, { name: 'year', label: 'Năm', type: 'number', value: 2026 }),
      h(SelectField, { name: 'level', label: 'Cấp', value: 'province', options: [{ value: 'commune', label: 'Xã' }, { value: 'province', label: 'Tỉnh' }] }),
      h(TextArea, { name: 'note', label: 'Ghi chú', value: 'x < y' })));
    const [form] = formsOf(html);
    expect(form).toMatchObject({ method: 'post', action: '/admin/x' });
    expect(form!.fields).toEqual([
      { name: '_csrf', kind: 'hidden', value: 'tok', required: false, checked: false },
      { name: 'address.name', kind: 'text', value: 'A & B', required: true, maxLength: 20, checked: false },
      { name: 'year', kind: 'number', value: '2026', required: false, checked: false },
      { name: 'level', kind: 'select', value: 'province', required: false, options: ['commune', 'province'] },
      { name: 'note', kind: 'textarea', value: 'x < y', required: false },
    ]);
    expect(fieldErrorsOf(html)).toEqual([{ id: 'field-address-name-error', text: 'Bắt buộc: hãy nhập hoặc chọn giá trị.' }]);
    expect(errorSummaryItemsOf(html)).toEqual([
      { text: 'Tên <cơ sở>: Bắt buộc: hãy nhập hoặc chọn giá trị.', href: '#field-address-name' },
      { text: 'Xung đột & lỗi', href: '#field-form' },
    ]);
    expect(payloadOf(form!)).toBe('_csrf=tok&address.name=&year=abc&level=__not_an_option__&note=x+%3C+y');
    expect(fieldTexts.find((tp) => tp.key === 'field.too_short')!.re.test('Quá ngắn (tối thiểu 3 ký tự).')).toBe(true);
    expect(fieldTexts.some((tp) => tp.re.test('Required.'))).toBe(false);
  });

  it('finds no field error that is not a translated code, on any form of any back-office role', async () => {
    expect(fieldTexts.length).toBeGreaterThanOrEqual(9); // the common ones, at least
    const isTranslated = (text: string, field?: string) =>
      fieldTexts.some((tp) => tp.re.test(text)) || (field === 'form' && formTexts.some((tp) => tp.re.test(text)));
    const failures: Failure[] = [];
    const started = Date.now();
    /** Forms that took the bad input (answered with a redirect): nothing to read, listed for the record. */
    const accepted: string[] = [];
    const stats = { pages: 0, forms: {} as Record<string, number>, submitted: 0, skipped: {} as Record<string, number>, statuses: {} as Record<number, number>, errorsShown: 0 };

    for (const [i, role] of ROLES.entries()) {
      const demo = DEMO_USERS.find((u) => u.role === role)!;
      const session: Session = await login(t.app, demo.username, DEMO_PASSWORD, { remoteAddress: `10.0.11.${i + 1}` });
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });

      // 1–2. Crawl and collect the forms.
      const queue = [HOME(role)];
      const visited = new Set<string>();
      const perShape = new Map<string, number>();
      const forms = new Map<string, { page: string; form: HtmlForm }>();
      while (queue.length && visited.size < MAX_PAGES) {
        const url = queue.shift()!;
        if (visited.has(url)) continue;
        visited.add(url);
        const res = await get(url);
        stats.pages++;
        if (res.statusCode >= 500) failures.push({ role, action: `GET ${url}`, field: '-', text: `${res.statusCode}` });
        if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
        const blocked = cspBlocked(res.body);
        if (blocked) failures.push({ role, action: `GET ${url}`, field: '-', text: `the CSP would block ${blocked}` });
        for (const href of linksOf(res.body)) {
          const target = href.split('#')[0]!;
          if (!target.startsWith(HOME(role)) || SKIP_LINK.test(target) || visited.has(target)) continue;
          const shape = shapeOf(target);
          if ((perShape.get(shape) ?? 0) >= PER_PATTERN) continue;
          perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
          queue.push(target);
        }
        for (const form of formsOf(res.body)) {
          const reason = skipReason(form);
          if (reason) {
            stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1;
            continue;
          }
          const action = form.action || url;
          const key = `${shapeOf(action)} ${form.fields.map((f) => f.name).sort().join(',')}`;
          if (!forms.has(key)) forms.set(key, { page: url, form: { ...form, action } });
        }
      }
      stats.forms[role] = forms.size;

      // 3–4. Submit each distinct form once with bad input, and read the answer.
      for (const { page, form } of forms.values()) {
        seen.length = 0;
        const res = await t.app.inject({
          method: 'POST', url: form.action, payload: payloadOf(form),
          headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        });
        stats.submitted++;
        stats.statuses[res.statusCode] = (stats.statuses[res.statusCode] ?? 0) + 1;
        const fail = (field: string, text: string) => failures.push({ role, action: `${form.action} (from ${page})`, field, text });
        if (res.statusCode >= 300 && res.statusCode < 400) accepted.push(`${role} ${form.action}`);
        if (res.statusCode >= 500) fail('-', `${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode === 403 && /csrf/i.test(res.body)) fail('-', 'CSRF refused: the form does not carry its token');
        for (const s of seen) {
          if (typeof s.problem === 'string') fail(s.field, `English problem from the service: "${s.problem}" (shown as "${s.text}")`);
          else {
            const code = (s.problem as { code?: string }).code;
            if (code !== 'invalid' && !hasMessage('vi', `field.${code}`)) fail(s.field, `code ${code} has no message; shown as the fallback "${s.text}"`);
          }
        }
        if (!String(res.headers['content-type']).includes('text/html')) continue;
        const lang = pageLang(res.body);
        if (lang && lang !== 'vi') fail('-', `page language ${lang}`);
        const wrong: string[] = [];
        for (const e of fieldErrorsOf(res.body)) {
          stats.errorsShown++;
          const field = e.id.replace(/^field-|-error$/g, '');
          if (isTranslated(e.text, field)) continue;
          fail(field, e.text === '' ? '(empty)' : e.text);
          if (e.text) wrong.push(e.text);
        }
        for (const { text: item, href } of errorSummaryItemsOf(res.body)) {
          // "Label: message" or "message"; the message must be a field.* text (reported once when
          // the field's own error already was).
          const tails = item.split(': ').map((_, k, parts) => parts.slice(k).join(': '));
          const field = href.replace(/^#field-/, '');
          if (tails.some((tail) => isTranslated(tail, field)) || wrong.some((w) => tails.includes(w))) continue;
          fail('(summary)', item);
        }
      }
    }

    console.log(`form sweep: ${stats.pages} pages, distinct forms ${JSON.stringify(stats.forms)}, ${stats.submitted} submitted, `
      + `skipped ${JSON.stringify(stats.skipped)}, statuses ${JSON.stringify(stats.statuses)}, ${stats.errorsShown} field errors read, `
      + `${((Date.now() - started) / 1000).toFixed(1)} s; accepted: ${accepted.join(', ') || 'none'}`);
    const report = failures.map((f) => `${f.role} | ${f.action} | ${f.field} | ${f.text}`);
    if (report.length) console.log(`form sweep: ${report.length} failures\n${report.join('\n')}`);
    expect(stats.submitted).toBeGreaterThan(10);
    expect(report).toEqual([]);
  }, 180_000);
});
