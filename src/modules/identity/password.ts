import { hash, verify } from '@node-rs/argon2';

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

/** Password rules: at least 10 characters, a letter and a digit, not the username. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 256) return 'at most 256 characters';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'needs a letter and a digit';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (/^(.)\1+$/.test(password)) return 'too simple';
  return null;
}
