/** A list of client addresses from configuration: exact IPs and CIDR ranges, IPv4 or IPv6. */
import { BlockList, isIP } from 'node:net';
import { splitList } from '../config/env';

export type AddressMatcher = (ip: string) => boolean;

/**
 * `"10.0.0.0/8, 192.168.1.5, ::1"` → a matcher; IPv4-mapped IPv6 addresses match their IPv4 form.
 * Answers are remembered per address (bounded; cleared when full): rate limits ask on every
 * request, and BlockList.check builds a SocketAddress each time.
 */
export function addressList(spec: string, extra: readonly string[] = []): AddressMatcher {
  const list = new BlockList();
  for (const entry of [...extra, ...splitList(spec)]) {
    const [addr, bits] = entry.split('/');
    if (!addr || !isIP(addr)) continue;
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits) list.addSubnet(addr, Number(bits), family);
    else list.addAddress(addr, family);
  }
  const seen = new Map<string, boolean>();
  return (raw) => {
    let answer = seen.get(raw);
    if (answer === undefined) {
      const ip = raw.replace(/^::ffff:/, '');
      answer = isIP(ip) !== 0 && list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
      if (seen.size >= 10_000) seen.clear();
      seen.set(raw, answer);
    }
    return answer;
  };
}

/** Loopback in both families: the default audience of operator-only endpoints. */
export const LOOPBACK = ['127.0.0.0/8', '::1'];
