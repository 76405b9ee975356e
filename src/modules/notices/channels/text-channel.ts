/**
 * The text-message channel (decisions/039): one interface, two adapters behind configuration —
 * eSMS.vn's SMS API (channels/esms.ts) and Zalo's notification service, ZNS (channels/zalo-oa.ts).
 * An adapter speaks its provider's documented HTTP API, waits at most a timeout, and says whether
 * a refusal is permanent (the message is given up) or worth trying again later (with backoff).
 */
import { createHash } from 'node:crypto';
import { validateVnPhone } from '../../../domain/contact';

export const TEXT_CHANNELS = ['esms', 'zalo_oa'] as const;
export type TextChannelName = (typeof TEXT_CHANNELS)[number];

export type SendResult =
  | { ok: true; providerId: string | null }
  /** `permanent`: the provider refused this very message (bad number, no Zalo account …); otherwise try again later. */
  | { ok: false; permanent: boolean; error: string };

export interface TextChannel {
  readonly name: TextChannelName;
  /**
   * Send `text` to `to` (84xxxxxxxxx). `dedupeKey` identifies the message to the provider
   * (eSMS's RequestId, ZNS's tracking_id): the same message sent again carries the same key.
   */
  send(to: string, text: string, dedupeKey: string): Promise<SendResult>;
}

/** What the adapters need of the outside world (a test passes its own fetch or a short timeout). */
export interface ChannelIo {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** The settings an operator gives (docs/guide/operators.md "Tin nhắn SMS / Zalo"). */
export interface TextChannelEnv {
  /** `esms`, `zalo_oa` or `off` (default). */
  NOTICE_TEXT_CHANNEL?: string | undefined;
  /** How long a provider may take to answer (default 5000 ms). */
  NOTICE_TEXT_TIMEOUT_MS?: string | undefined;
  ESMS_API_KEY?: string | undefined;
  ESMS_SECRET_KEY?: string | undefined;
  ESMS_BRANDNAME?: string | undefined;
  /** eSMS message type: 2 = customer care through a brand name (default). */
  ESMS_SMS_TYPE?: string | undefined;
  /** `1`: send Vietnamese with its marks (Unicode, more segments); default `0`: marks taken off. */
  ESMS_UNICODE?: string | undefined;
  /** `1`: eSMS's sandbox (checked, not delivered, not charged). */
  ESMS_SANDBOX?: string | undefined;
  ESMS_BASE_URL?: string | undefined;
  ZALO_OA_ACCESS_TOKEN?: string | undefined;
  ZALO_ZNS_TEMPLATE_ID?: string | undefined;
  /** The template's parameter that receives the text (default `content`). */
  ZALO_ZNS_TEXT_PARAM?: string | undefined;
  ZALO_ZNS_BASE_URL?: string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * A phone as the providers take it: 84 followed by the 9 digits of a Vietnamese mobile number.
 * Landlines (02…) cannot receive text messages: null, like anything that is not a phone number.
 */
export function providerPhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = validateVnPhone(raw);
  if (!v.ok || !/^0[35789]\d{8}$/.test(v.value)) return null;
  return `84${v.value.slice(1)}`;
}

/** The key a message is known by at the provider: the same phone and notice always give the same 32 characters. */
export const messageKey = (toPhone: string, dedupeKey: string): string =>
  createHash('sha256').update(`${toPhone}|${dedupeKey}`).digest('hex').slice(0, 32);

/** Vietnamese without its marks (đ → d): what an SMS without Unicode can carry in one 160-character segment. */
export function withoutMarks(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** POST JSON and read JSON, within the timeout; a network failure or a timeout is a result, never a throw. */
export async function postJson(io: ChannelIo, url: string, body: unknown, headers: Record<string, string> = {}):
Promise<{ ok: true; status: number; json: unknown } | { ok: false; error: string }> {
  try {
    const res = await io.fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body), signal: AbortSignal.timeout(io.timeoutMs),
    });
    const text = await res.text();
    let json: unknown = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { ok: true, status: res.status, json };
  } catch (e) {
    const err = e as Error;
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return { ok: false, error: `no answer within ${io.timeoutMs} ms` };
    return { ok: false, error: `network: ${String(err.message ?? err).slice(0, 200)}` };
  }
}

/** An HTTP status that says "later" (busy, limited, down) rather than "never". */
export const retriableStatus = (status: number) => status === 408 || status === 429 || status >= 500;
