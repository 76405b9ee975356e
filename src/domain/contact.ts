/**
 * Contact details: Vietnamese phone numbers and e-mail addresses.
 */

export type ContactResult = { ok: true; value: string } | { ok: false };

const MOBILE = /^0[35789]\d{8}$/;
// Landlines since 2017: 02 + area code + subscriber, 11 digits in total.
const LANDLINE = /^02\d{9}$/;

/**
 * Accepts numbers written with spaces, dots, dashes or parentheses and an optional +84 / 84
 * country code; returns the domestic form (leading 0, digits only).
 */
export function validateVnPhone(input: string): ContactResult {
  const s = input.trim();
  if (!/^\+?[\d\s.()-]+$/.test(s)) return { ok: false };
  const digits = s.replace(/\D/g, '');
  let local: string;
  if (s.startsWith('+')) {
    if (!digits.startsWith('84')) return { ok: false };
    local = toDomestic(digits.slice(2));
  } else if (digits.startsWith('84') && digits.length >= 11) {
    // No domestic number starts with 84, so a bare 84 is always the country code.
    local = toDomestic(digits.slice(2));
  } else {
    local = digits;
  }
  return MOBILE.test(local) || LANDLINE.test(local) ? { ok: true, value: local } : { ok: false };
}

// "+84 (0) 912 ..." is a common way of writing it, so tolerate a trunk 0 after the country code.
function toDomestic(national: string): string {
  return national.startsWith('0') ? national : '0' + national;
}

export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;
// Characters that are legal only in quoted local parts but are mostly seen in header injection.
const FORBIDDEN = /[\s<>()[\]\\,;:"]/;

/** Pragmatic check; lower-cases the domain (the local part is case-sensitive in theory). */
export function validateEmail(input: string): ContactResult {
  const s = input.trim();
  if (s.length === 0 || s.length > EMAIL_MAX_LENGTH || FORBIDDEN.test(s)) return { ok: false };
  const at = s.indexOf('@');
  if (at < 0 || s.includes('@', at + 1)) return { ok: false };
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length === 0 || local.length > LOCAL_MAX_LENGTH) return { ok: false };
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return { ok: false };
  const labels = domain.split('.');
  if (labels.length < 2) return { ok: false };
  for (const label of labels) {
    if (label.length === 0 || label.startsWith('-') || label.endsWith('-')) return { ok: false };
  }
  return { ok: true, value: `${local}@${domain.toLowerCase()}` };
}

export type ContactKind = 'phone' | 'email';

/**
 * A way to reach someone: a Vietnamese phone number or an e-mail address (whichever the text
 * is), in its normal form (phone: domestic digits; e-mail: domain lower-cased).
 */
export function validateContact(input: string): { ok: true; value: string; kind: ContactKind } | { ok: false } {
  const s = input.trim();
  if (s.includes('@')) {
    const e = validateEmail(s);
    return e.ok ? { ok: true, value: e.value, kind: 'email' } : { ok: false };
  }
  const p = validateVnPhone(s);
  return p.ok ? { ok: true, value: p.value, kind: 'phone' } : { ok: false };
}

/** Whether two contacts are the same (normal forms; e-mail addresses compared case-insensitively). */
export function sameContact(a: string, b: string): boolean {
  const x = validateContact(a);
  const y = validateContact(b);
  if (!x.ok || !y.ok || x.kind !== y.kind) return false;
  return x.kind === 'email' ? x.value.toLowerCase() === y.value.toLowerCase() : x.value === y.value;
}
