/**
 * Zalo Official Account's notification service (ZNS): a message on a template Zalo approved, to a
 * phone number, through the documented API
 *   POST {base}/message/template   header access_token: <the OA's access token>
 *   {"phone":"84…","template_id":"…","template_data":{"<param>":"…"},"tracking_id":"…"}
 * answered {"error":0,"message":"Success","data":{"msg_id":"…","sent_time":"…","quota":{…}}}, or
 * {"error":<negative code>,"message":"…"}. The platform's template has one parameter that takes the
 * notice's text (ZALO_ZNS_TEXT_PARAM, `content` unless set); tracking_id is the message's key.
 */
import { postJson, retriableStatus, type ChannelIo, type SendResult, type TextChannel } from './text-channel';

export const ZNS_DEFAULT_BASE = 'https://business.openapi.zalo.me';
export const ZNS_PATH = '/message/template';
/** What a template parameter of ZNS holds at most (the longer types: 200 characters). */
export const ZNS_PARAM_MAX = 200;

/**
 * Codes that say "later", not "never": an unknown error (-100), the OA's quota spent (-115), an
 * access token no longer valid (-124; -216 and -220 from the OA API) that the operator renews.
 * Every other code refuses this very message (invalid phone -108, no Zalo account -118, a user who
 * does not take ZNS -114, template or its data invalid -109/-111/-112 …).
 */
const LATER = new Set([-100, -115, -124, -216, -220]);

export interface ZnsConfig {
  baseUrl: string;
  accessToken: string;
  templateId: string;
  textParam: string;
}

/** The text in one template parameter: one line, at most ZNS_PARAM_MAX characters. */
export function znsText(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= ZNS_PARAM_MAX ? one : `${one.slice(0, ZNS_PARAM_MAX - 1)}…`;
}

export function zaloOaChannel(cfg: ZnsConfig, io: ChannelIo): TextChannel {
  const url = `${cfg.baseUrl.replace(/\/+$/, '')}${ZNS_PATH}`;
  return {
    name: 'zalo_oa',
    async send(to, text, dedupeKey): Promise<SendResult> {
      const body = { phone: to, template_id: cfg.templateId, template_data: { [cfg.textParam]: znsText(text) }, tracking_id: dedupeKey };
      const res = await postJson(io, url, body, { access_token: cfg.accessToken });
      if (!res.ok) return { ok: false, permanent: false, error: res.error };
      const answer = (res.json ?? {}) as { error?: unknown; message?: unknown; data?: { msg_id?: unknown } };
      const code = typeof answer.error === 'number' ? answer.error : typeof answer.error === 'string' && /^-?\d+$/.test(answer.error) ? Number(answer.error) : null;
      if (code === 0) return { ok: true, providerId: typeof answer.data?.msg_id === 'string' ? answer.data.msg_id : null };
      if (code === null) return { ok: false, permanent: res.status >= 400 && !retriableStatus(res.status), error: `HTTP ${res.status} without error code` };
      const message = typeof answer.message === 'string' ? `: ${answer.message.slice(0, 200)}` : '';
      return { ok: false, permanent: !LATER.has(code), error: `ZNS ${code}${message}` };
    },
  };
}
