import 'server-only';
import { BlockList, isIP } from 'node:net';

/** Set by the server on every request from the TCP peer's address (lib/server/http/peer.ts); a value
 * a client sends under this name is overwritten, so it cannot be forged. */
export const PEER_HEADER = 'x-assay-peer';

function blockList(trusted: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of trusted) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(prefix), type);
  }
  return list;
}

const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

function isTrusted(list: BlockList, address: string): boolean {
  const type = isIP(address);
  return type !== 0 && list.check(address, type === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The address a request really came from. `X-Forwarded-For` is believed only when the TCP peer is one
 * of the configured proxies, and then read from the right: each hop a trusted proxy appended is
 * skipped, and the first address no trusted proxy vouches for is the client. Anything to its left was
 * written by the client and is ignored. Without a peer (a handler called in a test) the answer is
 * null.
 */
export function clientIp(headers: Headers, trustedProxies: readonly string[]): string | null {
  const peerHeader = headers.get(PEER_HEADER);
  if (!peerHeader) return null;
  const peer = unmapped(peerHeader);
  const trusted = blockList(trustedProxies);
  if (!isTrusted(trusted, peer)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => unmapped(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer; // a malformed chain proves nothing beyond the proxy itself
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}
