import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';

// Every route under app/ must make an explicit authorization decision: handlers through route(),
// pages through requirePageUser() or a written `access = 'public'`. This walks them all.

const APP_DIR = join(process.cwd(), 'app');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(APP_DIR);
const routeFiles = files.filter((f) => f.endsWith(`${sep}route.ts`));
const pageFiles = files.filter((f) => f.endsWith(`${sep}page.tsx`));

function samplePath(file: string): string {
  return '/' + relative(APP_DIR, file).split(sep).slice(0, -1).join('/').replace(/\[\.\.\.(\w+)\]/g, 'x').replace(/\[(\w+)\]/g, 'nb_0000000000000000');
}

async function call(handler: RouteHandler, path: string, method: string, cookie?: string, send: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const req = new Request(`http://localhost:3000${path}`, {
    method,
    headers: { 'content-type': handler.bodyTypes?.[0] ?? 'application/json', ...(cookie ? { cookie } : {}), ...send.headers },
    body: method === 'GET' ? undefined : (send.body ?? '{}'),
  });
  return handler(req, { params: Promise.resolve({ id: 'nb_0000000000000000', shareId: 'sh_0000000000000000', token: 'x', all: ['x'] }) });
}

async function cookieOf(email: string, password: string): Promise<string> {
  const { getApp } = await import('@/lib/server/app');
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  return sessionCookie(await getApp(), email, password);
}

type Route = { path: string; method: string; handler: RouteHandler };
const routes: Route[] = [];

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-routes-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (mod[method]) routes.push({ path: samplePath(file), method, handler: mod[method] as RouteHandler });
    }
  }
});

afterAll(async () => {
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

describe('authorization of every route under app/', () => {
  it('finds the route handlers and pages', () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(6);
    expect(pageFiles.length).toBeGreaterThanOrEqual(5);
  });

  it('declares an access policy on every exported handler', () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) expect(r.handler.access, `${r.method} ${r.path}`).toBeDefined();
  });

  it('answers 401 JSON to anonymous callers of every non-public handler', async () => {
    for (const r of routes.filter((r) => !('public' in r.handler.access))) {
      const response = await call(r.handler, r.path, r.method);
      expect(response.status, `${r.method} ${r.path}`).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'sign in to use this endpoint' } });
    }
  });

  it('answers 403 JSON to a signed-in user without the role', async () => {
    const { getApp } = await import('@/lib/server/app');
    const app = await getApp();
    const signIn = await app.auth.api.signInEmail({ body: { email: 'viewer@assay.local', password: 'assay-demo-password' }, asResponse: true });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const roleGated = routes.filter((r) => 'anyRole' in r.handler.access);
    expect(roleGated.length).toBeGreaterThan(0);
    for (const r of roleGated) {
      const response = await call(r.handler, r.path, r.method, cookie);
      expect(response.status, `${r.method} ${r.path}`).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden');
    }
  });

  // These once declared only `signedIn` and decided roles inside (or not at all), out of the sweep's sight.
  it('declares the role at the route for the run stamp, reviews, pipeline settings and the engine check', () => {
    const access = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)?.handler.access;
    expect(access('POST', '/api/notebooks/nb_0000000000000000/runs')).toEqual({ anyRole: ['analyst'] });
    expect(access('POST', '/api/promotions/nb_0000000000000000/reviews')).toEqual({ anyRole: ['analyst', 'reviewer', 'steward'] });
    expect(access('PATCH', '/api/pipelines/nb_0000000000000000')).toEqual({ anyRole: ['steward', 'admin'] });
    expect(access('GET', '/api/engine/parity')).toEqual({ anyRole: ['analyst', 'reviewer', 'steward'] });
  });

  it('has every page check the session or declare itself public', () => {
    for (const file of pageFiles) {
      const source = readFileSync(file, 'utf8');
      const decided = source.includes('requirePageUser(') || /export const access = 'public'/.test(source);
      expect(decided, relative(APP_DIR, file)).toBe(true);
    }
  });

  it('has no server actions, which would bypass route()', () => {
    for (const file of files.filter((f) => /\.tsx?$/.test(f))) {
      expect(readFileSync(file, 'utf8'), relative(APP_DIR, file)).not.toMatch(/['"]use server['"]/);
    }
  });
});

// The same hostile payloads against every handler that changes state, signed in with every role so
// each gets past authorization to its body. Whatever a route does with its body, none answers 500.
describe('every write route under app/', () => {
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  let cookie = '';
  const writes = () => routes.filter((r) => r.method !== 'GET');

  beforeAll(async () => {
    const { getApp } = await import('@/lib/server/app');
    const { createUser } = await import('@/lib/server/users/users');
    const app = await getApp();
    await createUser(app.auth, app.db, { email: 'every-role@x.test', name: 'Every role', password: 'long-enough-pw', roles: ['analyst', 'reviewer', 'steward', 'admin'] });
    cookie = await cookieOf('every-role@x.test', 'long-enough-pw');
  });

  /** The routes that read a JSON body: those that call malformed JSON malformed. */
  async function bodyReaders(): Promise<Route[]> {
    const readers: Route[] = [];
    for (const r of writes()) {
      const response = await call(r.handler, r.path, r.method, cookie, { body: '{"unfinished": ' });
      if (response.status === 400 && (await response.json()).error.message === 'request body is not valid JSON') readers.push(r);
    }
    return readers;
  }

  it('finds the routes that read a body', async () => {
    const readers = (await bodyReaders()).map((r) => `${r.method} ${r.path}`);
    expect(readers).toEqual(expect.arrayContaining(['POST /api/notebooks', 'PATCH /api/notebooks/nb_0000000000000000', 'POST /api/experiments', 'POST /api/promotions/nb_0000000000000000/reviews']));
  });

  it.each([
    ['a NUL character in a string', JSON.stringify({ title: 'Orders\u0000by day' }), 'title: contains a NUL character (\\u0000), which cannot be stored'],
    ['a NUL character in a key', JSON.stringify({ ['ti\u0000tle']: 'x' }), 'ti\\u0000tle: the key contains a NUL character (\\u0000), which cannot be stored'],
    ['200,000 nested arrays', deep, `${Array.from({ length: 12 }, () => 0).join('.')}.…: nested deeper than 64 levels`],
  ])('answers 422 naming the field to %s, on every route that reads a body, and never 500 on any', async (_, body, message) => {
    const readers = new Set(await bodyReaders());
    for (const r of writes()) {
      const response = await call(r.handler, r.path, r.method, cookie, { body });
      expect(response.status, `${r.method} ${r.path}`).not.toBe(500);
      if (!readers.has(r)) continue;
      expect(response.status, `${r.method} ${r.path}`).toBe(422);
      expect((await response.json()).error, `${r.method} ${r.path}`).toMatchObject({ code: 'invalid_body', message });
    }
  });

  it('answers 422 to a NUL character in a query parameter, naming it', async () => {
    for (const r of routes) {
      const response = await call(r.handler, `${r.path}?q=a%00b`, r.method, cookie);
      expect(response.status, `${r.method} ${r.path}`).toBe(422);
      expect((await response.json()).error.message).toBe('q: the query parameter contains a NUL character (\\u0000)');
    }
  });

  it('answers 415 to a form body and 403 to a request from another origin, before it reads the session', async () => {
    const forged = JSON.stringify({ decision: 'approve' }).slice(0, -1) + ',"x":"=' + '"}';
    for (const r of writes()) {
      const asText = await call(r.handler, r.path, r.method, cookie, { body: forged, headers: { 'content-type': 'text/plain' } });
      expect(asText.status, `${r.method} ${r.path}`).toBe(415);
      const accepted = r.handler.bodyTypes?.join(' or ') ?? 'application/json';
      expect((await asText.json()).error).toEqual({ code: 'unsupported_media_type', message: `the request body must be ${accepted}, not text/plain` });
      for (const headers of [{ origin: 'http://localhost:4000' }, { 'sec-fetch-site': 'same-site' }] as Record<string, string>[]) {
        const crossOrigin = await call(r.handler, r.path, r.method, cookie, { headers });
        expect(crossOrigin.status, `${r.method} ${r.path}`).toBe(403);
        expect((await crossOrigin.json()).error.message).toMatch(/^cross-origin request refused: /);
      }
    }
  });
});
