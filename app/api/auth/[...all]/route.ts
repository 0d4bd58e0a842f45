import { handleAuth } from '@/lib/server/auth/handler';
import { route } from '@/lib/server/http/route';

// Public by design: sign-in, sign-out and session endpoints belong to Better Auth, which applies its
// own checks (credentials, origin, rate limits); handleAuth adds the real client address and the
// per-account limit. route() has already refused cross-origin and non-JSON requests.
const toBetterAuth = route({ public: true }, async ({ app, req }) => handleAuth(app, req));

export const GET = toBetterAuth;
export const POST = toBetterAuth;
