import 'server-only';
import type { App } from '@/lib/server/app';
import { AppError } from '@/lib/errors';
import { CLIENT_IP_HEADER } from '@/lib/server/auth/client-ip-header';
import { clientIp } from '@/lib/server/http/client-ip';
import { errorResponse } from '@/lib/server/http/respond';


const SIGN_IN = '/api/auth/sign-in/email';

/**
 * Better Auth's endpoints, behind two things it cannot know: the client's real address (so its
 * per-address limit holds when a client varies X-Forwarded-For), and a per-account limit on failed
 * sign-ins (so spreading guesses over many addresses gains nothing).
 */
export async function handleAuth(app: App, req: Request): Promise<Response> {
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_IP_HEADER);
  const ip = clientIp(req.headers, app.config.trustedProxies);
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? await req.arrayBuffer() : undefined;
  const forwarded = new Request(req.url, { method: req.method, headers, body });
  if (req.method !== 'POST' || new URL(req.url).pathname !== SIGN_IN) return app.auth.handler(forwarded);

  const email = emailOf(body);
  if (email) {
    const retryAfter = app.signInLimit.retryAfterSeconds(email);
    if (retryAfter > 0) {
      const response = errorResponse(new AppError('too_many_requests', `too many failed sign-ins for this account; try again in ${retryAfter} s`));
      response.headers.set('retry-after', String(retryAfter));
      return response;
    }
  }
  const response = await app.auth.handler(forwarded);
  if (email && response.status === 401) app.signInLimit.recordFailure(email);
  if (email && response.ok) app.signInLimit.recordSuccess(email);
  return response;
}

function emailOf(body: ArrayBuffer | undefined): string | null {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    const email = (parsed as { email?: unknown } | null)?.email;
    return typeof email === 'string' && email.length <= 320 ? email : null;
  } catch {
    return null;
  }
}
