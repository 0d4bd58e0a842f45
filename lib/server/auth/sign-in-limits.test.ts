import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAuth } from '@/lib/server/auth/handler';
import { PEER_HEADER } from '@/lib/server/http/client-ip';
import { stampPeerAddresses } from '@/lib/server/http/peer';
import { openTestApp, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';

const PASSWORD = 'long-enough-pw';

// Sign-in through the same handler the /api/auth route uses. The peer header stands for the TCP
// address the server stamps on each request (tested at the end with a real socket).
describe('sign-in limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await openTestApp('pglite');
    for (const name of ['ana', 'bob', 'cy']) await createUser(app.auth, app.db, { email: `${name}@x.test`, name, password: PASSWORD, roles: ['analyst'] });
  });
  afterAll(() => app.close());

  const signIn = (email: string, password: string, peer: string, forwardedFor?: string) =>
    handleAuth(
      app,
      new Request('http://localhost:3000/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PEER_HEADER]: peer, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
        body: JSON.stringify({ email, password }),
      }),
    );

  it('limits an address however X-Forwarded-For varies, and the right password from it waits too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await signIn(`nobody${i}@x.test`, 'wrong-password', '203.0.113.5', `198.51.100.${i}`)).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await signIn('nobody@x.test', 'wrong-password', '203.0.113.5', '198.51.100.200')).status).toBe(429);
    expect((await signIn('ana@x.test', PASSWORD, '203.0.113.5', '198.51.100.201')).status).toBe(429);
    expect((await signIn('ana@x.test', PASSWORD, '203.0.113.6')).status).toBe(200);
  });

  it('believes X-Forwarded-For from a configured proxy, read from the right', async () => {
    app.config.trustedProxies = ['10.0.0.1'];
    try {
      for (let i = 0; i < 30; i++) expect((await signIn(`someone${i}@x.test`, 'wrong-password', '10.0.0.1', `1.2.3.4, 198.51.100.${i}`)).status).toBe(401);
      // Thirty different clients behind the proxy: none of them is limited by the others.
      expect((await signIn('bob@x.test', PASSWORD, '10.0.0.1', '1.2.3.4, 198.51.100.77')).status).toBe(200);
    } finally {
      app.config.trustedProxies = [];
    }
  });

  it('limits an account spread over many addresses, refusing even the right password until the window passes', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('cy@x.test', 'wrong-password', `192.0.2.${i}`)).status).toBe(401);
    const blocked = await signIn('CY@x.test', PASSWORD, '192.0.2.99');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await blocked.json()).error).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/^too many failed sign-ins for this account; try again in \d+ s$/) });
    expect((await signIn('ana@x.test', PASSWORD, '192.0.2.99')).status).toBe(200);
  });

  it('takes the peer address from the socket, never from a header the client sent under that name', async () => {
    stampPeerAddresses();
    const server = createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const seen = await new Promise<string>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, headers: { [PEER_HEADER]: '198.51.100.1' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
      expect(seen).toBe('127.0.0.1');
    } finally {
      server.close();
    }
  });
});
