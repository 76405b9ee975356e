import { describe, expect, it } from 'vitest';
import { newApiToken, sha256 } from './tokens';

describe('newApiToken', () => {
  it('has a hex prefix, so the prefix never holds the `_` that ends it (a base64url one did, one time in eight)', () => {
    for (let i = 0; i < 500; i++) {
      const { token, prefix, hash } = newApiToken();
      expect(prefix).toMatch(/^[0-9a-f]{8}$/);
      expect(token.startsWith(`ocop_${prefix}_`)).toBe(true);
      expect(hash).toBe(sha256(token));
    }
  });
});
