import 'server-only';
import { Server, type IncomingMessage } from 'node:http';
import { PEER_HEADER } from './client-ip';

/**
 * Next.js hands route handlers no socket, and fills `X-Forwarded-For` from the socket only when the
 * client did not send one — so a client could name any address. This stamps the TCP peer's address on
 * every request before Next sees it, overwriting whatever a client sent under the same name.
 */
export function stampPeerAddresses(): void {
  const marked = Server.prototype as Server & { __assayPeer?: true };
  if (marked.__assayPeer) return;
  marked.__assayPeer = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
    }
    return (emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
  } as typeof Server.prototype.emit;
}
