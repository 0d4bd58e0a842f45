import 'server-only';
import { headers } from 'next/headers';

/** The nonce of this page's Content-Security-Policy (proxy.ts puts the policy on the request too, as
 * Next expects): a script the page renders itself needs it, since 'strict-dynamic' ignores 'self'. */
export async function scriptNonce(): Promise<string | undefined> {
  const policy = (await headers()).get('content-security-policy') ?? '';
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
}
