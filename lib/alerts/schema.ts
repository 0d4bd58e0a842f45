import { z } from 'zod';
import { PageQuery } from '@/lib/pagination/query';
import { ALERT_RULES } from './rules';

/** `?cursor=&limit=` of the alert list and of a webhook's delivery log. */
export const AlertPage = PageQuery({ defaultLimit: 25, maxLimit: 100 });
export const DeliveryPage = PageQuery({ defaultLimit: 25, maxLimit: 100 });

/** `?status=open|resolved`; absent: both. */
export const AlertFilter = z.object({ status: z.enum(['open', 'resolved'], 'status: open or resolved').optional() });

/** An http(s) URL only: a webhook to file:, javascript: or anything else is refused with a 422. */
const WebhookUrl = z
  .string()
  .trim()
  .max(2_000, 'at most 2000 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'an absolute http:// or https:// URL');

/** POST /api/alerts/webhooks. `rules` absent or null: every rule. */
export const WebhookCreateBody = z.strictObject({
  url: WebhookUrl,
  description: z.string().trim().max(200, 'at most 200 characters').default(''),
  rules: z.array(z.enum(ALERT_RULES)).min(1, 'at least one rule, or null for all').max(ALERT_RULES.length).nullable().default(null),
});

/** PATCH /api/alerts/webhooks/[id]. */
export const WebhookUpdateBody = z
  .strictObject({
    url: WebhookUrl.optional(),
    description: z.string().trim().max(200, 'at most 200 characters').optional(),
    enabled: z.boolean().optional(),
    rules: z.array(z.enum(ALERT_RULES)).min(1, 'at least one rule, or null for all').max(ALERT_RULES.length).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
