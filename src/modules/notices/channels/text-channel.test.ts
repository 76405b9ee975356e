import { describe, expect, it } from 'vitest';
import { readEnv } from '../../../config/env';
import { backoffMs, BACKOFF_BASE_MS, BACKOFF_MAX_MS } from '../channel-outbox';
import { channelName, textChannel } from './config';
import { messageKey, providerPhone, withoutMarks } from './text-channel';
import { znsText, ZNS_PARAM_MAX } from './zalo-oa';

describe('phone numbers for the providers', () => {
  it('are 84 and the nine digits of a mobile number, however written', () => {
    for (const raw of ['0912345678', '091 234 5678', '+84 912 345 678', '84912345678', '+84 (0) 912.345.678']) {
      expect(providerPhone(raw), raw).toBe('84912345678');
    }
    expect(providerPhone('0388123456')).toBe('84388123456');
  });
  it('landlines, short or foreign numbers and nothing are skipped', () => {
    for (const raw of ['02437654321', '091234567', '+1 415 555 0100', 'abc', '', null, undefined]) expect(providerPhone(raw), String(raw)).toBeNull();
  });
});

describe('texts and keys', () => {
  it('an SMS without Unicode carries Vietnamese without its marks', () => {
    expect(withoutMarks('Đăng ký tham gia “Hội chợ” được duyệt')).toBe('Dang ky tham gia “Hoi cho” duoc duyet');
  });
  it('a message key is stable per phone and notice, different across phones, 32 characters', () => {
    expect(messageKey('84912345678', 'notice:7')).toBe(messageKey('84912345678', 'notice:7'));
    expect(messageKey('84912345678', 'notice:7')).not.toBe(messageKey('84912345679', 'notice:7'));
    expect(messageKey('84912345678', 'notice:7')).toMatch(/^[0-9a-f]{32}$/);
  });
  it('a ZNS parameter holds one line of at most 200 characters', () => {
    expect(znsText('a\n b')).toBe('a b');
    expect(znsText('x'.repeat(500))).toHaveLength(ZNS_PARAM_MAX);
  });
  it('retries wait a minute, then twice as long each time, at most six hours', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([1, 2, 4, 8].map((k) => k * BACKOFF_BASE_MS));
    expect(backoffMs(20)).toBe(BACKOFF_MAX_MS);
  });
});

describe('configuration', () => {
  const env = (extra: Record<string, string>) => ({ ...readEnv({ NODE_ENV: 'test' }), ...extra });
  it('is off unless a known channel is named', () => {
    expect(channelName(env({}))).toBeNull();
    expect(channelName(env({ NOTICE_TEXT_CHANNEL: 'off' }))).toBeNull();
    expect(channelName(env({ NOTICE_TEXT_CHANNEL: 'telegram' }))).toBeNull();
    expect(channelName(env({ NOTICE_TEXT_CHANNEL: 'ESMS' }))).toBe('esms');
  });
  it('names the settings a chosen channel misses', () => {
    expect(textChannel(env({ NOTICE_TEXT_CHANNEL: 'esms', ESMS_API_KEY: 'k' }))).toEqual({ channel: null, problem: 'NOTICE_TEXT_CHANNEL=esms needs ESMS_SECRET_KEY, ESMS_BRANDNAME' });
    expect(textChannel(env({ NOTICE_TEXT_CHANNEL: 'zalo_oa', ZALO_OA_ACCESS_TOKEN: 't', ZALO_ZNS_TEMPLATE_ID: '1' })).channel?.name).toBe('zalo_oa');
  });
});
