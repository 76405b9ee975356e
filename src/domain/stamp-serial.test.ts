import { describe, expect, it } from 'vitest';
import { checkSerial, makeSerial, newBatchCode, parseSerial, STAMP_SEQ_MAX } from './stamp-serial';

const SECRET = 'test-secret-with-enough-entropy-0123456789';

describe('stamp serials', () => {
  it('a batch code is the province and 4 base32 characters', () => {
    expect(newBatchCode('38', () => new Uint8Array([0, 0, 0]))).toBe('38AAAA');
    expect(newBatchCode('01')).toMatch(/^01[A-Z2-7]{4}$/);
    expect(() => newBatchCode('3')).toThrow(RangeError);
  });

  it('made serials verify, in any letter case and with spaces around', () => {
    const serial = makeSerial(SECRET, '38K7QA', 123);
    expect(serial).toMatch(/^38K7QA-000123-[A-Z2-7]{6}$/);
    expect(checkSerial(SECRET, serial)).toEqual({ batchCode: '38K7QA', seq: 123, serial });
    expect(checkSerial(SECRET, `  ${serial.toLowerCase()} `)?.serial).toBe(serial);
  });

  it('altered, guessed or foreign-key serials do not verify', () => {
    const serial = makeSerial(SECRET, '38K7QA', 123);
    const otherSeq = serial.replace('-000123-', '-000124-');
    expect(checkSerial(SECRET, otherSeq)).toBeNull();
    expect(checkSerial(SECRET, serial.slice(0, -1) + (serial.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(checkSerial('another-secret-of-the-same-length-000000', serial)).toBeNull();
    expect(checkSerial(SECRET, '38K7QA-000000-AAAAAA')).toBeNull();
  });

  it('anything else is not a serial', () => {
    for (const code of ['', 'OCOP-38-2026-00001', "38K7QA-000123-M4XZ2P' or 1=1--", '38K7QA-1-M4XZ2P', 'x'.repeat(500)]) {
      expect(parseSerial(code)).toBeNull();
    }
    expect(() => makeSerial(SECRET, '38K7QA', STAMP_SEQ_MAX + 1)).toThrow(RangeError);
    expect(() => makeSerial(SECRET, '38K7QA', 0)).toThrow(RangeError);
  });
});
