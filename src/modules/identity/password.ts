import { hash, verify } from '@node-rs/argon2';
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

export const PASSWORD_MIN_LENGTH = 10;

export const PASSWORD_MAX_LENGTH = 256;

/** Password rules: at least 10 characters, a letter and a digit, not the username. */
export function passwordProblem(password: string, username: string): FieldProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return problem('password.too_short', { min: PASSWORD_MIN_LENGTH });
  if (password.length > PASSWORD_MAX_LENGTH) return problem('password.too_long', { max: PASSWORD_MAX_LENGTH });
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return problem('password.letter_and_digit');
  if (password.toLowerCase().includes(username.toLowerCase())) return problem('password.contains_username');
  if (/^(.)\1+$/.test(password)) return problem('password.too_simple');
  return null;
}
