import { describe, it, expect } from 'vitest';
import { sameContact, validateContact, validateEmail, validateVnPhone } from './contact';

describe('validateVnPhone', () => {
  it('normalises mobile numbers in common notations', () => {
    const cases: Array<[string, string]> = [
      ['0912345678', '0912345678'],
      ['+84 912 345 678', '0912345678'],
      ['+84912345678', '0912345678'],
      ['84912345678', '0912345678'],
      ['0912.345.678', '0912345678'],
      ['0912-345-678', '0912345678'],
      ['  098 765 4321 ', '0987654321'],
      ['+84 (0) 912 345 678', '0912345678'],
    ];
    for (const [input, expected] of cases) {
      expect(validateVnPhone(input), input).toEqual({ ok: true, value: expected });
    }
  });

  it('accepts every mobile prefix 03, 05, 07, 08, 09', () => {
    for (const p of ['03', '05', '07', '08', '09']) {
      expect(validateVnPhone(`${p}12345678`).ok, p).toBe(true);
    }
  });

  it('rejects other 10-digit prefixes', () => {
    for (const p of ['00', '01', '02', '04', '06']) {
      expect(validateVnPhone(`${p}12345678`), p).toEqual({ ok: false });
    }
  });

  it('accepts 11-digit landlines starting with 02', () => {
    expect(validateVnPhone('024 3825 1234')).toEqual({ ok: true, value: '02438251234' });
    expect(validateVnPhone('(028) 3822-1234')).toEqual({ ok: true, value: '02838221234' });
    expect(validateVnPhone('+84 24 3825 1234')).toEqual({ ok: true, value: '02438251234' });
    expect(validateVnPhone('842438251234')).toEqual({ ok: true, value: '02438251234' });
  });

  it('rejects wrong lengths', () => {
    for (const bad of ['091234567', '09123456789', '0243825123', '024382512345', '+8491234567']) {
      expect(validateVnPhone(bad), bad).toEqual({ ok: false });
    }
  });

  it('rejects foreign country codes, letters and stray symbols', () => {
    for (const bad of ['+1 912 345 678', '+85 912345678', '0912 345 67a', '0912/345/678', '09+12345678', '', '+']) {
      expect(validateVnPhone(bad), bad).toEqual({ ok: false });
    }
  });
});

describe('validateEmail', () => {
  it('accepts ordinary addresses and lower-cases the domain only', () => {
    expect(validateEmail('Nguyen.Van.A@Gmail.COM')).toEqual({ ok: true, value: 'Nguyen.Van.A@gmail.com' });
    expect(validateEmail('ocop+ha-noi@snnptnt.hanoi.gov.vn')).toEqual({
      ok: true,
      value: 'ocop+ha-noi@snnptnt.hanoi.gov.vn',
    });
  });

  it('trims surrounding whitespace', () => {
    expect(validateEmail('  a@b.vn ')).toEqual({ ok: true, value: 'a@b.vn' });
  });

  it('rejects missing or repeated @, empty parts and dotless domains', () => {
    for (const bad of ['', 'a.b.vn', 'a@@b.vn', 'a@b@c.vn', '@b.vn', 'a@', 'a@localhost', 'a@.vn', 'a@b.', 'a@b..vn']) {
      expect(validateEmail(bad), bad).toEqual({ ok: false });
    }
  });

  it('rejects inner spaces and injection characters', () => {
    for (const bad of ['a b@c.vn', 'a@c .vn', 'a@c.vn\nBcc: x@y.vn', '"a"@c.vn', 'a<b>@c.vn', 'a,b@c.vn']) {
      expect(validateEmail(bad), bad).toEqual({ ok: false });
    }
  });

  it('rejects misplaced dots and hyphens', () => {
    for (const bad of ['.a@c.vn', 'a.@c.vn', 'a..b@c.vn', 'a@-c.vn', 'a@c-.vn']) {
      expect(validateEmail(bad), bad).toEqual({ ok: false });
    }
  });

  it('enforces the 254-character limit', () => {
    const domain = `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(60)}.vn`;
    const fits = `${'a'.repeat(254 - domain.length - 1)}@${domain}`;
    expect(fits.length).toBe(254);
    expect(validateEmail(fits).ok).toBe(true);
    expect(validateEmail('a' + fits)).toEqual({ ok: false });
  });

  it('rejects local parts longer than 64 characters', () => {
    expect(validateEmail(`${'a'.repeat(64)}@c.vn`).ok).toBe(true);
    expect(validateEmail(`${'a'.repeat(65)}@c.vn`)).toEqual({ ok: false });
  });
});

describe('validateContact', () => {
  it('accepts a Vietnamese phone number or an e-mail address, in normal form', () => {
    expect(validateContact(' 0912 000 111 ')).toEqual({ ok: true, value: '0912000111', kind: 'phone' });
    expect(validateContact('+84 912 000 111')).toEqual({ ok: true, value: '0912000111', kind: 'phone' });
    expect(validateContact('Lan.Nguyen@Example.VN')).toEqual({ ok: true, value: 'Lan.Nguyen@example.vn', kind: 'email' });
  });

  it('refuses anything else', () => {
    for (const bad of ['abc', '123', 'lan@', '0912 000', 'gọi tôi', '@example.vn']) expect(validateContact(bad), bad).toEqual({ ok: false });
  });

  it('compares two contacts by their normal form', () => {
    expect(sameContact('0912.000.111', '+84912000111')).toBe(true);
    expect(sameContact('lan@example.vn', 'LAN@EXAMPLE.VN')).toBe(true);
    expect(sameContact('0912000111', '0912000112')).toBe(false);
    expect(sameContact('abc', 'abc')).toBe(false);
  });
});
