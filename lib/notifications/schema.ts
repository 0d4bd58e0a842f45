import { z } from 'zod';
import { PageQuery } from '@/lib/pagination/query';

/** `?cursor=&limit=` of the notification list. */
export const NotificationPage = PageQuery({ defaultLimit: 25, maxLimit: 100 });

/** `?unread=1`: only what the user has not read yet. */
export const NotificationFilter = z.object({
  unread: z
    .enum(['0', '1'], 'unread: 0 or 1')
    .optional()
    .transform((v) => v === '1'),
});

/** POST /api/notifications/read */
export const MarkReadBody = z.object({
  ids: z.union([z.literal('all'), z.array(z.number().int().positive()).min(1).max(500)]),
});
