import { z } from 'zod';
import { PageQuery } from '@/lib/pagination/query';

/** Filters of the audit list; empty fields mean "any". */
export const AuditSearch = z.object({
  action: z.string().trim().max(100).optional(),
  actorId: z.string().trim().max(100).optional(),
  objectType: z.string().trim().max(100).optional(),
  objectId: z.string().trim().max(200).optional(),
});
export type AuditSearch = z.infer<typeof AuditSearch>;

/** Newest first, 100 a page by default. */
export const AuditPage = PageQuery({ defaultLimit: 100, maxLimit: 500 });
