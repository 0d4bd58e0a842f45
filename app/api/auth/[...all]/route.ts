import { route } from '@/lib/server/http/route';

// Public by design: sign-in, sign-out and session endpoints belong to Better Auth, which applies its
// own checks (credentials, origin, rate limits).
const toBetterAuth = route({ public: true }, async ({ app, req }) => app.auth.handler(req));

export const GET = toBetterAuth;
export const POST = toBetterAuth;
