import { describe, expect, it } from 'vitest';
import { scanTarget } from './scan-target';

const HOSTS = ['ocop.example.vn', '127.0.0.1:3106'];

describe('scanTarget', () => {
  it('opens our own verification, product and GS1 pages by their path', () => {
    expect(scanTarget('https://ocop.example.vn/v/OCOP-38-2024-00001', HOSTS)).toEqual({ kind: 'path', path: '/v/OCOP-38-2024-00001' });
    expect(scanTarget('http://127.0.0.1:3106/san-pham/nem-chua?x=1', HOSTS)).toEqual({ kind: 'path', path: '/san-pham/nem-chua?x=1' });
    expect(scanTarget('https://OCOP.example.vn/01/8930000000019', HOSTS)).toEqual({ kind: 'path', path: '/01/8930000000019' });
  });

  it('never follows another site, another path of ours or another scheme', () => {
    expect(scanTarget('https://ocop-fake.example.com/v/OCOP-38-2024-00001', HOSTS).kind).toBe('foreign');
    expect(scanTarget('https://ocop.example.vn/admin', HOSTS).kind).toBe('foreign');
    expect(scanTarget('javascript:alert(1)', HOSTS).kind).toBe('foreign');
    expect(scanTarget('//evil.example/v/x', HOSTS).kind).toBe('foreign');
  });

  it('takes any other text as the code', () => {
    expect(scanTarget('  OCOP-38-2024-00001 ', HOSTS)).toEqual({ kind: 'code', code: 'OCOP-38-2024-00001' });
    expect(scanTarget('', HOSTS)).toEqual({ kind: 'empty' });
  });
});
