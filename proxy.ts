import { NextResponse, type NextRequest } from 'next/server';
import { assetPolicy, isPagePath, newNonce, pagePolicy, SECURITY_HEADERS } from '@/lib/http/security-headers';

/** Security headers on every response, pages, API and static files alike (lib/http/security-headers.ts).
 * A page's policy carries a fresh nonce, which Next reads from the request's own CSP header and puts
 * on every script it renders. */
export function proxy(request: NextRequest) {
  const development = process.env.NODE_ENV === 'development';
  const page = isPagePath(request.nextUrl.pathname);
  const policy = page ? pagePolicy(newNonce(), { development }) : assetPolicy({ development });
  const requestHeaders = new Headers(request.headers);
  if (page) requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
