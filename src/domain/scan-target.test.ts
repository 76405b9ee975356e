import { describe, expect, it } from 'vitest';
import { scanTarget } from './scan-target';

const HOSTS = ['ocop.example.vn', '127.0.0.1:3106'];

describe('scanTarget', () => {
  it('opens our own verification, product and GS1 pages by their path', () => {
    expect(scanTarget('https://ocop.example.vn/v/OCOP-38-2024-00001', HOSTS)).toEqual({ kind: 'path', path: '/v/OCOP-38-2024-00001' });
    expect(scanTarget('http://127.0.0.1:3106/san-pham/nem-chua?x=1', HOSTS)).toEqual({ kind: 'path', path: '/san-pham/nem-chua?x=1' });
    expect(scanTarget('https://OCOP.example.vn/01/8930000000019', HOSTS)).toEqual({ kind: 'path', path: '/01/8930000000019' });
  });

  it('opens a lot\'s trace page and its GS1 Digital Link (with a stamp serial) by their path', () => {
    expect(scanTarget('https://ocop.example.vn/truy-xuat/467K2MQ9XRC', HOSTS)).toEqual({ kind: 'path', path: '/truy-xuat/467K2MQ9XRC' });
    expect(scanTarget('https://ocop.example.vn/01/08930000000019/10/CHE-2026.07', HOSTS)).toEqual({ kind: 'path', path: '/01/08930000000019/10/CHE-2026.07' });
    expect(scanTarget('https://ocop.example.vn/01/8930000000019/10/A%2FB/21/38K7QA-000123-M4XZ2P', HOSTS))
      .toEqual({ kind: 'path', path: '/01/8930000000019/10/A%2FB/21/38K7QA-000123-M4XZ2P' });
    expect(scanTarget('https://ocop.example.vn/truy-xuat', HOSTS).kind).toBe('foreign');
    expect(scanTarget('https://ocop-fake.example.com/truy-xuat/467K2MQ9XRC', HOSTS).kind).toBe('foreign');
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
