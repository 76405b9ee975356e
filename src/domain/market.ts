/**
 * The marketplace's arithmetic and codes: whole đồng, quantities, a shop's shipping fee, order
 * codes a bank transfer can carry. Pure: no I/O, no clock; randomness is passed in.
 *
 *   isWholeDong(125_000)                                        // true; 1.5, -1, 1e16: false
 *   shippingFee({ inProvince: 20_000, otherProvinces: 35_000, freeFrom: 500_000 }, '38', '38', 300_000)  // 20_000
 *   orderCode(randomBytes(8))                                   // 'DH7K3F9Q2M'
 */

/** The largest price, fee or total the floor takes: a trillion đồng (well within a safe integer). */
export const MAX_DONG = 1_000_000_000_000;
/** The most units of one variant in one order. */
export const MAX_QUANTITY = 10_000;

/** Money is whole đồng: an integer from 0 to MAX_DONG. */
export const isWholeDong = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= MAX_DONG;

/** A quantity bought: a whole number from 1 to MAX_QUANTITY. */
export const isQuantity = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= MAX_QUANTITY;

/** A shop's shipping rule: a fee within its own province, another elsewhere, free from a subtotal. */
export interface ShippingRule {
  inProvince: number;
  otherProvinces: number;
  /** Orders of at least this subtotal ship free (null: never). */
  freeFrom: number | null;
}

/** The fee of one order of `subtotal` from a shop in `shopProvince` to `toProvince`. */
export function shippingFee(rule: ShippingRule, shopProvince: string, toProvince: string, subtotal: number): number {
  if (rule.freeFrom !== null && subtotal >= rule.freeFrom) return 0;
  return shopProvince === toProvince ? rule.inProvince : rule.otherProvinces;
}

/** Letters and digits that cannot be misread for one another (Crockford's base 32 without I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Order codes: "DH" (đơn hàng) and eight characters — letters and digits only, as every bank keeps them in a transfer's memo. */
export const ORDER_CODE_PATTERN = /^DH[0-9A-HJKMNP-TV-Z]{8}$/;

/** An order code from at least 8 random bytes (40 bits used: a guess hits one of a million orders once in a million tries). */
export function orderCode(random: Uint8Array): string {
  if (random.length < 8) throw new Error('orderCode needs 8 random bytes');
  let out = 'DH';
  for (let i = 0; i < 8; i++) out += ALPHABET[random[i]! & 31];
  return out;
}

/** An order code as typed by a person or copied from a memo: upper case, spaces and dashes dropped, O read as 0, I and L as 1. */
export function normaliseOrderCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (!s.startsWith('DH')) return null;
  const code = `DH${s.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1')}`;
  return ORDER_CODE_PATTERN.test(code) ? code : null;
}

/** Finds an order code inside a bank transfer's memo ("CK DH7K3F9Q2M mua hang", "dh7k3f9q2m"). */
export function orderCodeInMemo(memo: string): string | null {
  const m = /D\s*H\s*([0-9A-Z](?:\s*[0-9A-Z]){7})(?![0-9A-Z])/i.exec(memo.toUpperCase());
  return m ? normaliseOrderCode(`DH${m[1]!.replace(/\s/g, '')}`) : null;
}
