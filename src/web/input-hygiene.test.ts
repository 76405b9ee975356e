import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  assertCleanInput, cleanFileName, controlCharFields, forbiddenCharOf, hasForbiddenChars, isBodiless, isUnreadMultipart, MAX_NAMED_FIELDS, printableName,
} from './input-hygiene';

const code = (c: number) => String.fromCharCode(c);

describe('the rule', () => {
  it('refuses C0 controls but TAB, LF and CR; DEL; C1 controls', () => {
    const refused: number[] = [];
    for (let c = 0; c <= 0xff; c++) if (hasForbiddenChars(`a${code(c)}b`)) refused.push(c);
    const expected = [
      ...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    ];
    expect(refused).toEqual(expected);
  });

  it('keeps what people type: Vietnamese (composed or not), emoji, line breaks, tabs, other Unicode', () => {
    for (const ok of [
      'Mật ong rừng Như Xuân', 'Me\u0302\u0323t ong', 'Chè 🍵 Shan Tuyết', 'dòng 1\r\ndòng 2\ndòng 3', 'cột 1\tcột 2',
      '\u00a0khoảng trắng không ngắt', '\u200b\u200d\u2028\u2029', '\u202eRTL', '中文', '', 'x'.repeat(10_000),
    ]) expect(forbiddenCharOf(ok), JSON.stringify(ok)).toBeNull();
  });

  it('names the first forbidden character as U+XXXX', () => {
    expect(forbiddenCharOf('a\u0000b\u0001')).toBe('U+0000');
    expect(forbiddenCharOf('\u001b[31m')).toBe('U+001B');
    expect(forbiddenCharOf('x\u0085')).toBe('U+0085');
    expect(forbiddenCharOf('\u007f')).toBe('U+007F');
  });
});

describe('controlCharFields', () => {
  it('walks objects and arrays, naming fields by their dotted path', () => {
    const fields = controlCharFields({ a: 'ok', b: 'x\u0000', c: { d: ['ok', 'y\u0007'], e: 1, f: null, g: true } });
    expect(fields).toEqual({ b: { code: 'control_chars', params: { char: 'U+0000' } }, 'c.d.1': { code: 'control_chars', params: { char: 'U+0007' } } });
  });

  it('checks names (keys) too, and shows them with the control character escaped', () => {
    expect(Object.keys(controlCharFields({ 'na\u0000me': 'x' }))).toEqual(['na\\u0000me']);
    expect(printableName('a\tb\u0000')).toBe('a\\u0009b\\u0000');
  });

  it('a bare string is the body', () => {
    expect(Object.keys(controlCharFields('x\u0000'))).toEqual(['body']);
    expect(controlCharFields(undefined)).toEqual({});
    expect(controlCharFields(null)).toEqual({});
  });

  it('leaves the top-level return address next to safeNext, not a nested one', () => {
    expect(controlCharFields({ next: '/a\u0000b' })).toEqual({});
    expect(Object.keys(controlCharFields({ a: { next: '/a\u0000b' } }))).toEqual(['a.next']);
  });

  it('skips buffers (uploaded files are not text)', () => {
    expect(controlCharFields({ file: { name: 'a.pdf', data: Buffer.from([0, 1, 2]), truncated: false } })).toEqual({});
  });

  it('names at most MAX_NAMED_FIELDS fields', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, '\u0000']));
    expect(Object.keys(controlCharFields(many))).toHaveLength(MAX_NAMED_FIELDS);
  });

  it('survives nesting deeper than the call stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(Object.keys(controlCharFields(deep))).toEqual([Array.from({ length: 100_000 }, () => '0').join('.')]);
  });
});

describe('assertCleanInput and file names', () => {
  it('throws a 400 validation_failed naming the fields', () => {
    expect(() => assertCleanInput({ ok: 'Thanh Hóa\n' })).not.toThrow();
    try {
      assertCleanInput({ name: 'HTX\u0000' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).code).toBe('validation_failed');
      expect(Object.keys((e as AppError).fields!)).toEqual(['name']);
    }
  });

  it('file names lose every control character', () => {
    expect(cleanFileName('a\u0000nh\t\r\n.png')).toBe('anh.png');
    expect(cleanFileName('Ảnh sản phẩm.jpg')).toBe('Ảnh sản phẩm.jpg');
  });
});

// Issue 18 (hostile-input suite): a multipart body posted to a form route that takes url-encoded
// forms reached its handler unread (req.body undefined): a 500 on every such route.
describe('isUnreadMultipart', () => {
  const req = (method: string, type: string | undefined, body: unknown) => ({ method, headers: type ? { 'content-type': type } : {}, body });

  it('is a multipart write whose body no upload route read', () => {
    expect(isUnreadMultipart(req('POST', 'multipart/form-data; boundary=x', undefined))).toBe(true);
    expect(isUnreadMultipart(req('PATCH', ' Multipart/Mixed; boundary=x', undefined))).toBe(true);
  });

  it('is not a body an upload route read, another type, or a read', () => {
    expect(isUnreadMultipart(req('POST', 'multipart/form-data; boundary=x', { file: null }))).toBe(false);
    expect(isUnreadMultipart(req('POST', 'application/x-www-form-urlencoded', undefined))).toBe(false);
    expect(isUnreadMultipart(req('POST', undefined, undefined))).toBe(false);
    expect(isUnreadMultipart(req('GET', 'multipart/form-data; boundary=x', undefined))).toBe(false);
  });
});

// Issue 18 (hostile-input suite): a POST without a body (no content type) to an HTML form route
// reached its handler with req.body undefined: a 500 on every form route.
describe('isBodiless', () => {
  const req = (method: string, type: string | undefined, body: unknown) => ({ method, headers: type ? { 'content-type': type } : {}, body });

  it('is a write without a body or a content type, to a route without a body schema', () => {
    expect(isBodiless(req('POST', undefined, undefined), false)).toBe(true);
    expect(isBodiless(req('DELETE', undefined, undefined), false)).toBe(true);
  });

  it('leaves routes with a body schema, parsed bodies, typed bodies and reads alone', () => {
    expect(isBodiless(req('POST', undefined, undefined), true)).toBe(false);
    expect(isBodiless(req('POST', undefined, {}), false)).toBe(false);
    expect(isBodiless(req('POST', 'multipart/form-data; boundary=x', undefined), false)).toBe(false);
    expect(isBodiless(req('GET', undefined, undefined), false)).toBe(false);
  });
});

