/**
 * eSMS.vn (ViHAT): an SMS through the documented JSON API
 *   POST {base}/MainService.svc/json/SendMultipleMessage_V4_post_json/
 *   {"ApiKey","SecretKey","Phone","Content","Brandname","SmsType","IsUnicode","Sandbox","RequestId"}
 * answered {"CodeResult":"100","CountRegenerate":0,"SMSID":"…"} when accepted, or another
 * CodeResult with an ErrorMessage. RequestId is eSMS's guard against duplicates: a message sent
 * again with the same RequestId is answered 124 ("trùng RequestId") and not sent twice.
 */
import { postJson, retriableStatus, withoutMarks, type ChannelIo, type SendResult, type TextChannel } from './text-channel';

export const ESMS_DEFAULT_BASE = 'https://rest.esms.vn';
export const ESMS_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

/** Accepted. */
const ACCEPTED = '100';
/** The same RequestId was accepted before: the message is on its way already. */
const DUPLICATE = '124';
/**
 * The account's state, which the operator can put right (keys 101, price list 102, balance 103,
 * server address not allowed 140): tried again with backoff. Every other code refuses this message.
 */
const ACCOUNT_STATE = new Set(['101', '102', '103', '140']);

export interface EsmsConfig {
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  smsType: string;
  unicode: boolean;
  sandbox: boolean;
}

export function esmsChannel(cfg: EsmsConfig, io: ChannelIo): TextChannel {
  const url = `${cfg.baseUrl.replace(/\/+$/, '')}${ESMS_PATH}`;
  return {
    name: 'esms',
    async send(to, text, dedupeKey): Promise<SendResult> {
      const body = {
        ApiKey: cfg.apiKey, SecretKey: cfg.secretKey, Phone: to, Content: cfg.unicode ? text : withoutMarks(text),
        Brandname: cfg.brandname, SmsType: cfg.smsType, IsUnicode: cfg.unicode ? '1' : '0', Sandbox: cfg.sandbox ? '1' : '0',
        RequestId: dedupeKey,
      };
      const res = await postJson(io, url, body);
      if (!res.ok) return { ok: false, permanent: false, error: res.error };
      const answer = (res.json ?? {}) as { CodeResult?: unknown; SMSID?: unknown; ErrorMessage?: unknown };
      const code = answer.CodeResult === undefined ? null : String(answer.CodeResult);
      if (code === ACCEPTED) return { ok: true, providerId: typeof answer.SMSID === 'string' ? answer.SMSID : null };
      if (code === DUPLICATE) return { ok: true, providerId: null };
      // No answer of the contract: a 4xx refuses the request as sent; anything else may pass later.
      if (code === null) return { ok: false, permanent: res.status >= 400 && !retriableStatus(res.status), error: `HTTP ${res.status} without CodeResult` };
      const message = typeof answer.ErrorMessage === 'string' ? `: ${answer.ErrorMessage.slice(0, 200)}` : '';
      return { ok: false, permanent: !ACCOUNT_STATE.has(code), error: `eSMS ${code}${message}` };
    },
  };
}
