import { z } from 'zod';

/** Filters of the audit list; empty fields mean "any". `before` pages back: entries with a lower seq. */
export const AuditSearch = z.object({
  action: z.string().trim().max(100).optional(),
  actorId: z.string().trim().max(100).optional(),
  objectType: z.string().trim().max(100).optional(),
  objectId: z.string().trim().max(200).optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type AuditSearch = z.infer<typeof AuditSearch>;

export const AUDIT_PAGE_SIZE = 100;
