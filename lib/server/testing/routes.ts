import type { RouteHandler } from '@/lib/server/http/route';

export type RouteCall = { method?: string; body?: unknown; cookie?: string | null; query?: string; params?: Record<string, string> };

/** Calls a route handler in-process as the app's pages do: the session cookie, a JSON body with its
 * content type, the route's params. */
export const callRoute = (handler: RouteHandler, init: RouteCall = {}) =>
  handler(
    new Request(`http://localhost:3000/api${init.query ?? ''}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    { params: Promise.resolve(init.params ?? {}) },
  );
