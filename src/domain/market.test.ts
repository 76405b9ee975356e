/** The marketplace's arithmetic and codes (market.ts). */
import { describe, expect, it } from 'vitest';
import { isQuantity, isWholeDong, normaliseOrderCode, orderCode, orderCodeInMemo, ORDER_CODE_PATTERN, shippingFee } from './market';

describe('money and quantities', () => {
  it('takes whole đồng only', () => {
    for (const ok of [0, 1, 125_000, 1_000_000_000_000]) expect(isWholeDong(ok), String(ok)).toBe(true);
    for (const bad of [-1, 1.5, 0.1, Number.NaN, Infinity, 1e13, '100', null]) expect(isWholeDong(bad), String(bad)).toBe(false);
  });
  it('takes whole quantities from 1', () => {
    expect([1, 10, 10_000].every(isQuantity)).toBe(true);
    expect([0, -2, 1.5, 10_001].some(isQuantity)).toBe(false);
  });
});

describe('shippingFee', () => {
  const rule = { inProvince: 20_000, otherProvinces: 35_000, freeFrom: 500_000 };
  it('charges the shop\'s own province less, and nothing from the free threshold', () => {
    expect(shippingFee(rule, '38', '38', 100_000)).toBe(20_000);
    expect(shippingFee(rule, '38', '01', 100_000)).toBe(35_000);
    expect(shippingFee(rule, '38', '01', 500_000)).toBe(0);
    expect(shippingFee({ ...rule, freeFrom: null }, '38', '01', 9_000_000)).toBe(35_000);
  });
});

describe('order codes', () => {
  it('are DH and eight unambiguous characters, from random bytes', () => {
    const code = orderCode(Uint8Array.from([0, 1, 2, 31, 32, 255, 128, 77]));
    expect(code).toMatch(ORDER_CODE_PATTERN);
    expect(code).toBe('DH012Z0Z0D'); // bytes & 31 → 0 1 2 31 0 31 0 13
    expect(() => orderCode(new Uint8Array(7))).toThrow();
  });
  it('are read back as people type them', () => {
    expect(normaliseOrderCode('dh 7k3f-9q2m')).toBe('DH7K3F9Q2M');
    expect(normaliseOrderCode('DH7K3F9Q2O')).toBe('DH7K3F9Q20');
    expect(normaliseOrderCode('DH7K3F9Q2')).toBeNull();
    expect(normaliseOrderCode('XX7K3F9Q2M')).toBeNull();
  });
  it('are found in a bank transfer\'s memo, whatever surrounds them', () => {
    expect(orderCodeInMemo('CK DH7K3F9Q2M mua hang')).toBe('DH7K3F9Q2M');
    expect(orderCodeInMemo('MBVCB.3278907687.dh7k3f9q2m.CT tu 0123')).toBe('DH7K3F9Q2M');
    expect(orderCodeInMemo('thanh toan don hang')).toBeNull();
    expect(orderCodeInMemo('DH7K3F9Q2MX')).toBeNull();
  });
});
