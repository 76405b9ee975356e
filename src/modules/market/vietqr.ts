/**
 * VietQR: the NAPAS EMVCo payload a Vietnamese banking app scans to fill in a transfer — the
 * receiving bank's BIN, the account, the amount and the memo (the order code) — built and read
 * with the maintained `vietnam-qr-pay` library; and the NAPAS member banks that library lists.
 *
 *   const payload = vietQrPayload({ bankBin: '970436', accountNumber: '0011004455667', amount: 245_000, memo: 'DH7K3F9Q2M' });
 *   readVietQr(payload)   // { bankBin: '970436', accountNumber: '0011004455667', amount: 245000, memo: 'DH7K3F9Q2M' }
 */
import { Banks, QRPay, VietQRStatus } from 'vietnam-qr-pay';

export interface Bank {
  bin: string;
  /** The bank's short name as apps show it (Vietcombank, BIDV …). */
  shortName: string;
  name: string;
}

/**
 * Banks that receive VietQR transfers (NAPAS members, by BIN), by short name. Where the list
 * names a BIN twice (a bank renamed: DongA → Vikki), the entry that takes transfers wins.
 */
export const BANKS: readonly Bank[] = [...Banks
  .filter((b) => !b.deprecated && b.vietQRStatus !== VietQRStatus.NOT_SUPPORTED && /^\d{6}$/.test(b.bin))
  .sort((a, b) => b.vietQRStatus - a.vietQRStatus)
  .reduce((by, b) => (by.has(b.bin) ? by : by.set(b.bin, { bin: b.bin, shortName: b.shortName, name: b.name })), new Map<string, Bank>())
  .values()]
  .sort((a, b) => a.shortName.localeCompare(b.shortName, 'vi'));

const BY_BIN = new Map(BANKS.map((b) => [b.bin, b]));
export const bankByBin = (bin: string): Bank | undefined => BY_BIN.get(bin);

/** Account numbers as banks issue them: 4 to 19 digits or capital letters (some carry a prefix). */
export const ACCOUNT_NUMBER = /^[0-9A-Z]{4,19}$/;
/** A memo every bank passes on unchanged: capital letters, digits and spaces, at most 25 characters. */
export const MEMO = /^[0-9A-Z ]{1,25}$/;

export interface VietQrFields {
  bankBin: string;
  accountNumber: string;
  /** Whole đồng. */
  amount: number;
  memo: string;
}

/** The payload of a transfer of `amount` to the account, with `memo` as its content. */
export function vietQrPayload(f: VietQrFields): string {
  if (!BY_BIN.has(f.bankBin)) throw new Error(`not a VietQR bank BIN: ${f.bankBin}`);
  if (!ACCOUNT_NUMBER.test(f.accountNumber)) throw new Error('account number: 4–19 digits or capital letters');
  if (!Number.isSafeInteger(f.amount) || f.amount <= 0) throw new Error('amount: whole đồng above 0');
  if (!MEMO.test(f.memo)) throw new Error('memo: capital letters, digits and spaces, at most 25');
  return QRPay.initVietQR({ bankBin: f.bankBin, bankNumber: f.accountNumber, amount: String(f.amount), purpose: f.memo }).build();
}

/** The fields of a VietQR payload (null: not a valid VietQR transfer payload, its checksum included). */
export function readVietQr(payload: string): VietQrFields | null {
  const qr = new QRPay(payload);
  if (!qr.isValid || qr.provider.guid !== 'A000000727' || !qr.consumer.bankBin || !qr.consumer.bankNumber) return null;
  const amount = qr.amount === undefined ? Number.NaN : Number(qr.amount);
  return { bankBin: qr.consumer.bankBin, accountNumber: qr.consumer.bankNumber, amount, memo: qr.additionalData.purpose ?? '' };
}
