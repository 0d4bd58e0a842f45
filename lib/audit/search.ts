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

/** Newest first, 50 a page by default (about 2 kB of HTML an entry with its raw JSON). */
export const AuditPage = PageQuery({ defaultLimit: 50, maxLimit: 500 });
