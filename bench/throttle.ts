// A TCP proxy in front of the bench server that behaves like a user's network link: a shared
// bandwidth per direction and a round-trip time (each request and its response cross it once; the
// TCP handshake is not delayed), for every connection the browser opens. CDP's
// Network.emulateNetworkConditions is set per DevTools target, and both engines fetch their wasm
// from a dedicated worker: shaping the link itself covers the page and its workers alike.
import { connect, createServer, type Socket } from 'node:net';

export type Link = { mbitPerSecond: number; rttMs: number };
export type Proxy = { port: number; close(): Promise<void> };

/** One direction of the link: chunks leave one after another at the link's rate and arrive half a
 * round trip later, in order. */
function direction(link: Link) {
  const bytesPerMs = (link.mbitPerSecond * 1e6) / 8 / 1000;
  let free = 0;
  return (chunk: Buffer, deliver: () => void) => {
    const now = performance.now();
    free = Math.max(free, now) + chunk.length / bytesPerMs;
    setTimeout(deliver, Math.max(0, free + link.rttMs / 2 - now));
  };
}

function pipe(from: Socket, to: Socket, send: ReturnType<typeof direction>) {
  from.on('data', (chunk: Buffer) => send(chunk, () => to.destroyed || to.write(chunk)));
  // The end of the stream travels the link too, behind the last chunk.
  from.on('end', () => send(Buffer.alloc(0), () => to.destroyed || to.end()));
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
