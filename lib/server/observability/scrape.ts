import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { App } from '@/lib/server/app';
import { metrics } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A scrape must carry `Authorization: Bearer <ASSAY_METRICS_TOKEN>`; without a configured token
 * nothing can scrape (metrics name pipelines and datasets, which is not public information). */
export function authorizeScrape(app: App, authorization: string | null): void {
  const token = app.config.metricsToken;
  if (!token) throw new AppError('unauthorized', 'metrics are switched off: set ASSAY_METRICS_TOKEN and scrape with it as a bearer token');
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  // Compared as digests, so the comparison takes the same time whatever the length presented.
  if (!timingSafeEqual(digest(presented), digest(token))) throw new AppError('unauthorized', 'a scrape needs Authorization: Bearer <ASSAY_METRICS_TOKEN>');
}

export async function scrape(app: App): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  m.bindDb(app.db);
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
