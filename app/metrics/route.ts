import { route } from '@/lib/server/http/route';
import { authorizeScrape, scrape } from '@/lib/server/observability/scrape';

// Public as far as sessions go: Prometheus has no session. The bearer token is the decision.
export const GET = route({ public: true }, async ({ app, req }) => {
  authorizeScrape(app, req.headers.get('authorization'));
  const { body, contentType } = await scrape(app);
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
