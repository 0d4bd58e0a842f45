import { z } from 'zod';

export const NOTIFICATION_PAGE_DEFAULT = 25;
export const NOTIFICATION_PAGE_MAX = 100;

/** GET /api/notifications?limit=&cursor=&unread=1 */
export const NotificationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(NOTIFICATION_PAGE_MAX).default(NOTIFICATION_PAGE_DEFAULT),
  cursor: z.string().max(200).optional(),
  unread: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v === '1'),
});

/** POST /api/notifications/read */
export const MarkReadBody = z.object({
  ids: z.union([z.literal('all'), z.array(z.number().int().positive()).min(1).max(500)]),
});
