/**
 * VietQR payloads (vietqr.ts): built with the library, read back with it, and checked without it —
 * the EMVCo fields walked by hand and the CRC-16/CCITT-FALSE computed here — so a wrong BIN,
 * account, amount or memo cannot pass by the library agreeing with itself.
 */
import { describe, expect, it } from 'vitest';
import { BANKS, bankByBin, readVietQr, vietQrPayload } from './vietqr';

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo specifies for tag 63. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Tag → value of one level of EMVCo TLV (two-digit tag, two-digit length). */
function tlv(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < s.length;) {
    const tag = s.slice(i, i + 2);
    const len = Number(s.slice(i + 2, i + 4));
    out.set(tag, s.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}

const VCB = '970436';
const fields = { bankBin: VCB, accountNumber: '0011004455667', amount: 245_000, memo: 'DH7K3F9Q2M' };

describe('vietQrPayload', () => {
  const payload = vietQrPayload(fields);

  it('reads back to the same bank, account, amount and memo with the library', () => {
    expect(readVietQr(payload)).toEqual(fields);
  });

  it('holds them where NAPAS puts them, and its CRC checks without the library', () => {
    expect(payload.slice(-4)).toBe(crc16(payload.slice(0, -4)));
    const root = tlv(payload);
    expect(root.get('00')).toBe('01');
    expect(root.get('01')).toBe('12'); // dynamic: an amount is set
    expect(root.get('53')).toBe('704'); // đồng
    expect(root.get('54')).toBe('245000');
    expect(root.get('58')).toBe('VN');
    const merchant = tlv(root.get('38')!);
    expect(merchant.get('00')).toBe('A000000727'); // NAPAS
    expect(merchant.get('02')).toBe('QRIBFTTA'); // transfer to an account
    const consumer = tlv(merchant.get('01')!);
    expect([consumer.get('00'), consumer.get('01')]).toEqual([VCB, fields.accountNumber]);
    expect(tlv(root.get('62')!).get('08')).toBe(fields.memo);
  });

  it('is refused by the reader when a single character changes', () => {
    const tampered = payload.replace('245000', '245900');
    expect(readVietQr(tampered)).toBeNull();
  });

  it('refuses what a banking app would not take', () => {
    expect(() => vietQrPayload({ ...fields, bankBin: '123456' })).toThrow();
    expect(() => vietQrPayload({ ...fields, amount: 0 })).toThrow();
    expect(() => vietQrPayload({ ...fields, amount: 1.5 })).toThrow();
    expect(() => vietQrPayload({ ...fields, memo: 'Đơn hàng số 1' })).toThrow();
    expect(() => vietQrPayload({ ...fields, accountNumber: '12' })).toThrow();
  });
});

describe('the bank list', () => {
  it('holds the big banks by their NAPAS BIN, each BIN once', () => {
    expect(bankByBin('970436')?.shortName).toMatch(/Vietcombank/i);
    expect(bankByBin('970418')?.shortName).toMatch(/BIDV/i);
    expect(bankByBin('970405')?.shortName).toMatch(/Agribank/i);
    expect(new Set(BANKS.map((b) => b.bin)).size).toBe(BANKS.length);
    expect(BANKS.length).toBeGreaterThan(40);
  });
});
