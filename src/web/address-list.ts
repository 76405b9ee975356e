/** A list of client addresses from configuration: exact IPs and CIDR ranges, IPv4 or IPv6. */
import { BlockList, isIP } from 'node:net';
import { splitList } from '../config/env';

export type AddressMatcher = (ip: string) => boolean;

/** `"10.0.0.0/8, 192.168.1.5, ::1"` → a matcher; IPv4-mapped IPv6 addresses match their IPv4 form. */
export function addressList(spec: string, extra: readonly string[] = []): AddressMatcher {
  const list = new BlockList();
  for (const entry of [...extra, ...splitList(spec)]) {
    const [addr, bits] = entry.split('/');
    if (!addr || !isIP(addr)) continue;
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits) list.addSubnet(addr, Number(bits), family);
    else list.addAddress(addr, family);
  }
  return (raw) => {
    const ip = raw.replace(/^::ffff:/, '');
    return isIP(ip) !== 0 && list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  };
}

/** Loopback in both families: the default audience of operator-only endpoints. */
export const LOOPBACK = ['127.0.0.0/8', '::1'];
