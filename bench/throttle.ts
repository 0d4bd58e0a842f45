// A TCP proxy in front of the bench server that behaves like a user's network link: a shared
// bandwidth per direction and a round-trip time (each request and its response cross it once; the
// TCP handshake is not delayed), for every connection the browser opens. CDP's
// Network.emulateNetworkConditions is set per DevTools target, and both engines fetch their wasm
// from a dedicated worker: shaping the link itself covers the page and its workers alike.
import { connect, createServer, type Socket } from 'node:net';

export type Link = { mbitPerSecond: number; rttMs: number };
export type Proxy = { port: number; close(): Promise<void> };

/** One direction of the link: chunks leave one after another at the link's rate (shared by every
 * connection) and arrive half a round trip later. */
function direction(link: Link) {
  const bytesPerMs = (link.mbitPerSecond * 1e6) / 8 / 1000;
  let free = 0;
  return (bytes: number) => {
    free = Math.max(free, performance.now()) + bytes / bytesPerMs;
    return free + link.rttMs / 2;
  };
}

/** Delivers what `from` sends to `to` at the times the link gives, strictly in order: one queue per
 * connection and direction (timers of different lengths may fire out of order). */
function pipe(from: Socket, to: Socket, link: ReturnType<typeof direction>) {
  const queue: { at: number; chunk: Buffer | null }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pump = () => {
    timer = null;
    while (queue.length > 0 && queue[0]!.at <= performance.now()) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) continue;
      if (chunk === null) to.end();
      else to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(pump, Math.max(1, queue[0]!.at - performance.now()));
  };
  const push = (chunk: Buffer | null) => {
    queue.push({ at: link(chunk?.length ?? 0), chunk });
    timer ??= setTimeout(pump, Math.max(0, queue[0]!.at - performance.now()));
  };
  from.on('data', (chunk: Buffer) => push(chunk));
  // The end of the stream travels the link too, behind the last chunk.
  from.on('end', () => push(null));
  from.on('error', () => to.destroy());
}

export function throttledProxy(targetPort: number, link: Link): Promise<Proxy> {
  const down = direction(link);
  const up = direction(link);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    pipe(client, upstream, up);
    pipe(upstream, client, down);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) return reject(new Error('the throttling proxy has no port'));
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
