import { describe, expect, it } from 'vitest';
import { allowedHost, readEnv } from './env';

describe('allowedHost (issue 18, item 7: which Host header may become the base of links)', () => {
  const env = (vars: Record<string, string> = {}) => readEnv({ NODE_ENV: 'development', ...vars });

  it('reads ALLOWED_HOSTS as a comma-separated list (default: empty)', () => {
    expect(env().ALLOWED_HOSTS).toBe('');
    expect(env({ ALLOWED_HOSTS: 'ocop.gov.vn, .tinh.gov.vn' }).ALLOWED_HOSTS).toBe('ocop.gov.vn, .tinh.gov.vn');
  });

  it('allows the listed names with any port, a ":port" entry with that port only, a ".domain" entry and its subdomains', () => {
    const e = env({ ALLOWED_HOSTS: 'ocop.gov.vn, portal.example:8443, .tinh.gov.vn, [2001:db8::1]' });
    for (const host of ['ocop.gov.vn', 'OCOP.gov.vn', 'ocop.gov.vn:80', 'portal.example:8443', 'tinh.gov.vn', 'thanhhoa.tinh.gov.vn', 'a.b.tinh.gov.vn:3000', '[2001:db8::1]:3000']) {
      expect({ host, allowed: allowedHost(e, host) }).toEqual({ host, allowed: host.toLowerCase() });
    }
    for (const host of ['evil.example', 'ocop.gov.vn.evil.example', 'evilocop.gov.vn', 'www.ocop.gov.vn', 'portal.example', 'portal.example:443',
      'eviltinh.gov.vn', 'ocop.gov.vn@evil.example', 'ocop.gov.vn/x', 'ocop.gov.vn:x', 'ocop.gov.vn:99999', 'ocop.gov.vn.', ' ocop.gov.vn', 'ocop.gov.vn\r\n',
      '', '[2001:db8::2]', '[2001:db8::1', 'ocop.gov.vn:', '"ocop.gov.vn"']) {
      expect({ host, allowed: allowedHost(e, host) }).toEqual({ host, allowed: null });
    }
    expect(allowedHost(e, undefined)).toBeNull();
  });

  it('allows loopback names outside production only, and HOST when it names an address', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      expect(allowedHost(env(), host)).toBe(host);
      expect(allowedHost(env({ NODE_ENV: 'test' }), host)).toBe(host);
      expect(allowedHost(env({ NODE_ENV: 'production' }), host)).toBeNull();
    }
    expect(allowedHost(env({ NODE_ENV: 'production', HOST: '10.1.2.3' }), '10.1.2.3:3000')).toBe('10.1.2.3:3000');
    expect(allowedHost(env({ NODE_ENV: 'production', HOST: 'ocop.internal' }), 'ocop.internal')).toBe('ocop.internal');
    // The wildcard addresses name no host.
    expect(allowedHost(env({ NODE_ENV: 'production', HOST: '0.0.0.0' }), '0.0.0.0:3000')).toBeNull();
    expect(allowedHost(env({ NODE_ENV: 'production', HOST: '::' }), '[::]:3000')).toBeNull();
  });
});
