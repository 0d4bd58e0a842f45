import { json, param, route } from '@/lib/server/http/route';
import { getPromotionOrThrow } from '@/lib/server/promotion/promotions';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ promotion: await getPromotionOrThrow(app.db, param(params, 'id')) }));
