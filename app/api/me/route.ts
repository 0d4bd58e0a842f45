import { json, route } from '@/lib/server/http/route';

export const GET = route({ signedIn: true }, async ({ user }) => json({ user }));
