/**
 * Passwords (docs/decisions/045-account-security.md): argon2id hashes, and the rules of NIST SP
 * 800-63B §5.1.1.2 and ASVS 2.1 — a length of 12 to 128, no composition rules, and a check against a list
 * of passwords known from breaches and of words particular to this service.
 */
import { hash, verify } from '@node-rs/argon2';
import { createRequire } from 'node:module';
import { problem, type FieldProblem } from '../../errors';

// argon2id (the library's default algorithm) with OWASP's baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random string: verified against when the user does not exist, to even out timing. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(`dummy-${Math.random()}`));

export const PASSWORD_MIN_LENGTH = 12;

/** ASVS 2.1.2: at least 64 permitted, more than 128 refused. */
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Words of this service and of Vietnamese users' habits that a password must not simply be
 * (with digits or symbols around them): the service's names and "password" in Vietnamese.
 */
const CONTEXT_WORDS = [
  'ocop', 'ocopvietnam', 'motxamotsanpham', 'mỗixãmộtsảnphẩm', 'matkhau', 'mậtkhẩu', 'matkhaumoi',
  'quantri', 'quảntrị', 'admin', 'administrator', 'vietnam', 'việtnam', 'hanoi', 'hànội', 'saigon',
];

let common: Set<string> | null = null;
/**
 * The 49,233 most common passwords of public breach corpora, as maintained by zxcvbn-ts
 * (@zxcvbn-ts/language-common, MIT), plus CONTEXT_WORDS; loaded on first use.
 */
function commonPasswords(): Set<string> {
  if (common) return common;
  const require = createRequire(import.meta.url);
  const lang = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
  common = new Set([...(lang.dictionary['passwords-common'] ?? []), ...CONTEXT_WORDS]);
  if (common.size < 40_000) throw new Error('the common-password list did not load');
  return common;
}

/** The password as compared with the list: lower case, spaces removed, digits and symbols trimmed from both ends. */
const core = (password: string) => password.toLowerCase().normalize('NFC').replace(/\s+/g, '').replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/** A password known from breaches, or a common or service word with digits and symbols around it. */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase().normalize('NFC');
  if (list.has(lower) || list.has(lower.replace(/\s+/g, ''))) return true;
  const word = core(password);
  return word.length >= 3 && list.has(word);
}

/** One character repeated, or a run up or down the alphabet or the digits ("abcdefghij", "9876543210"). */
function isTrivial(password: string): boolean {
  if (/^(.)\1+$/su.test(password)) return true;
  const codes = [...password.toLowerCase()].map((c) => c.codePointAt(0)!);
  const steps = new Set(codes.slice(1).map((c, i) => c - codes[i]!));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

/**
 * Password rules: 12 to 128 characters (any characters, spaces and Vietnamese letters included),
 * not a known breached or common password, not trivial, not containing the username.
 */
export function passwordProblem(password: string, username: string): FieldProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return problem('password.too_short', { min: PASSWORD_MIN_LENGTH });
  if (length > PASSWORD_MAX_LENGTH) return problem('password.too_long', { max: PASSWORD_MAX_LENGTH });
  if (username && password.toLowerCase().includes(username.toLowerCase())) return problem('password.contains_username');
  if (isTrivial(password)) return problem('password.too_simple');
  if (isCommonPassword(password)) return problem('password.common');
  return null;
}
