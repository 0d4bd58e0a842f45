import { jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import type { PipelineLineage } from '@/lib/lineage/types';
import { experiments } from './artifacts';

/** The column lineage of one artifact, computed once on the server when the artifact is stored (or,
 * for one stored before, when it is first asked for). Immutable like the artifact it describes: a
 * pipeline version's lineage is its artifact's. */
export const artifactLineage = pgTable('artifact_lineage', {
  experimentId: text('experiment_id')
    .primaryKey()
    .references(() => experiments.id),
  lineage: jsonb('lineage').$type<PipelineLineage>().notNull(),
  elapsedMs: real('elapsed_ms').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
