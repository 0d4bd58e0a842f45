import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ColumnContract } from '@/lib/contracts/schema';
import { users } from './auth';

export const datasets = pgTable('datasets', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ['source', 'model'] }).notNull(),
  currentVersion: integer('current_version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every contract change is a new row; rows are never updated (a trigger enforces it). */
export const datasetContracts = pgTable(
  'dataset_contracts',
  {
    datasetId: text('dataset_id').notNull().references(() => datasets.id),
    version: integer('version').notNull(),
    description: text('description').notNull(),
    ownerId: text('owner_id').notNull().references(() => users.id),
    retentionDays: integer('retention_days'),
    freshnessSlaHours: integer('freshness_sla_hours'),
    columns: jsonb('columns').$type<ColumnContract[]>().notNull(),
    /** Dataset-level hints for the synthetic sandbox generator (lib/synth); null without any. */
    synthetic: jsonb('synthetic').$type<Record<string, unknown>>(),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);
