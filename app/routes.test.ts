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

async function call(handler: RouteHandler, path: string, method: string, cookie?: string): Promise<Response> {
  const req = new Request(`http://localhost:3000${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: method === 'GET' ? undefined : '{}',
  });
  return handler(req, { params: Promise.resolve({ id: 'nb_0000000000000000', all: ['x'] }) });
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
