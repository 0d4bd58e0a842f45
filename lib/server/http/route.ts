import 'server-only';
import type { ZodType } from 'zod';
import type { Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { getApp, type App } from '@/lib/server/app';
import { observeRequest } from '@/lib/server/observability/metrics';
import { sessionUser } from '@/lib/server/auth/session';
import type { SessionUser } from '@/lib/server/users/users';
import { assertStorableJson, assertStorableQuery } from './body';
import { assertJsonBody, assertSameOrigin, mediaType } from './origin';
import { toErrorResponse } from './respond';

export { json } from './respond';

/** Who may call a handler. `public` is a decision too: it must be written down. */
export type Access = { public: true } | { signedIn: true } | { anyRole: readonly Role[] };

type Params = Record<string, string | string[] | undefined>;
type Context<A extends Access> = {
  app: App;
  req: Request;
  params: Params;
  user: A extends { public: true } ? SessionUser | null : SessionUser;
};
type Handler<A extends Access> = (ctx: Context<A>) => Promise<Response>;
export type RouteHandler = ((req: Request, ctx: { params: Promise<Params> }) => Promise<Response>) & { access: Access; bodyTypes?: readonly string[] };

/** `bodyTypes`: media types the body may have besides nothing; JSON unless a route says otherwise
 * (an upload). Every state-changing request is checked for its origin whatever the type. */
export type RouteOptions = { bodyTypes?: readonly string[] };

export function route<A extends Access>(access: A, handler: Handler<A>, options: RouteOptions = {}): RouteHandler {
  const wrapped = async (req: Request, ctx: { params: Promise<Params> }) => {
    const started = performance.now();
    const response = await respond(req, ctx);
    observeRequest(req, response.status, (performance.now() - started) / 1000);
    return response;
  };
  const respond = async (req: Request, ctx: { params: Promise<Params> }) => {
    try {
      const app = await getApp();
      // Before the session is read, so a forged request learns nothing and changes nothing.
      assertSameOrigin(req, app.config.allowedOrigins);
      assertJsonBody(req, options.bodyTypes);
      assertStorableQuery(new URL(req.url));
      const user = await sessionUser(app, req.headers);
      if (!('public' in access)) authorize(access, user);
      return await handler({ app, req, params: (await ctx?.params) ?? {}, user } as Context<A>);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
  return Object.assign(wrapped, { access, bodyTypes: options.bodyTypes });
}

function authorize(access: Access, user: SessionUser | null): asserts user is SessionUser {
  if (!user) throw new AppError('unauthorized', 'sign in to use this endpoint');
  if ('anyRole' in access && !access.anyRole.some((role) => user.roles.includes(role))) {
    throw new AppError('forbidden', `this needs one of the roles ${access.anyRole.join(', ')}; you have ${user.roles.join(', ') || 'none'}`);
  }
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function parseBody<T>(req: Request, schema: ZodType<T>): Promise<T> {
  if (mediaType(req) !== 'application/json') throw new AppError('unsupported_media_type', 'the request body must be application/json');
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError('payload_too_large', `request body is over ${MAX_BODY_BYTES} bytes`);
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('payload_too_large', `request body is over ${MAX_BODY_BYTES} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'request body is not valid JSON');
  }
  assertStorableJson(raw);
  return schema.parse(raw);
}

export function param(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new AppError('bad_request', `missing path parameter ${name}`);
  return value;
}
