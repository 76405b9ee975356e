/**
 * Which text-message channel the platform is set up with (NOTICE_TEXT_CHANNEL and the provider's
 * settings, docs/guide/operators.md), as an adapter — or none.
 */
import type { Env } from '../../../config/env';
import { esmsChannel, ESMS_DEFAULT_BASE } from './esms';
import { DEFAULT_TIMEOUT_MS, type ChannelIo, type TextChannel, type TextChannelEnv, type TextChannelName } from './text-channel';
import { zaloOaChannel, ZNS_DEFAULT_BASE } from './zalo-oa';

export type ChannelSetup =
  | { channel: TextChannel; problem: null }
  /** Off (no channel), or asked for but missing a setting (`problem` names it). */
  | { channel: null; problem: string | null };

/** The environment with the text channel's settings (the platform's Env carries them once declared there). */
const channelEnv = (env: Env): TextChannelEnv => env as Env & TextChannelEnv;

/** The channel named by NOTICE_TEXT_CHANNEL, or null when off (not set, `off`, or unknown). */
export function channelName(env: Env): TextChannelName | null {
  const v = channelEnv(env).NOTICE_TEXT_CHANNEL?.trim().toLowerCase();
  return v === 'esms' || v === 'zalo_oa' ? v : null;
}

export function timeoutMs(env: Env): number {
  const n = Number(channelEnv(env).NOTICE_TEXT_TIMEOUT_MS);
  return Number.isInteger(n) && n >= 100 && n <= 60_000 ? n : DEFAULT_TIMEOUT_MS;
}

/** The adapter for the configured channel (with `io` for tests: a fetch, a timeout). */
export function textChannel(env: Env, io: Partial<ChannelIo> = {}): ChannelSetup {
  const e = channelEnv(env);
  const name = channelName(env);
  if (!name) return { channel: null, problem: null };
  const full: ChannelIo = { fetch: io.fetch ?? fetch, timeoutMs: io.timeoutMs ?? timeoutMs(env) };
  const need = (keys: (keyof TextChannelEnv)[]) => keys.filter((k) => !e[k]?.trim());
  if (name === 'esms') {
    const missing = need(['ESMS_API_KEY', 'ESMS_SECRET_KEY', 'ESMS_BRANDNAME']);
    if (missing.length) return { channel: null, problem: `NOTICE_TEXT_CHANNEL=esms needs ${missing.join(', ')}` };
    return {
      channel: esmsChannel({
        baseUrl: e.ESMS_BASE_URL?.trim() || ESMS_DEFAULT_BASE, apiKey: e.ESMS_API_KEY!.trim(), secretKey: e.ESMS_SECRET_KEY!.trim(),
        brandname: e.ESMS_BRANDNAME!.trim(), smsType: e.ESMS_SMS_TYPE?.trim() || '2', unicode: e.ESMS_UNICODE === '1', sandbox: e.ESMS_SANDBOX === '1',
      }, full),
      problem: null,
    };
  }
  const missing = need(['ZALO_OA_ACCESS_TOKEN', 'ZALO_ZNS_TEMPLATE_ID']);
  if (missing.length) return { channel: null, problem: `NOTICE_TEXT_CHANNEL=zalo_oa needs ${missing.join(', ')}` };
  return {
    channel: zaloOaChannel({
      baseUrl: e.ZALO_ZNS_BASE_URL?.trim() || ZNS_DEFAULT_BASE, accessToken: e.ZALO_OA_ACCESS_TOKEN!.trim(),
      templateId: e.ZALO_ZNS_TEMPLATE_ID!.trim(), textParam: e.ZALO_ZNS_TEXT_PARAM?.trim() || 'content',
    }, full),
    problem: null,
  };
}

/** The channel messages are queued for: the one named, when its settings are complete (else none). */
export const configuredChannel = (env: Env): TextChannelName | null => textChannel(env).channel?.name ?? null;
