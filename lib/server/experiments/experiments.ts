import 'server-only';
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { canonicalContent, type ArtifactId, verifyArtifact } from '@/lib/artifact/id';
import { MAX_ARTIFACT_BYTES, type Annotations, type ArtifactContent } from '@/lib/artifact/schema';
import { AppError } from '@/lib/errors';
import { PageQuery } from '@/lib/pagination/query';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { experimentReplays, experimentStates, experiments, jobs, notebooks, users } from '@/lib/server/db/schema';
import { storeLineage } from '@/lib/server/lineage/lineage';
import { insertNotebook } from '@/lib/server/notebooks/notebooks';
import { afterKey, exactTime, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { enqueueReplay, REPLAY_JOB } from './replays';

export const REPLAY_STATUSES = ['none', 'queued', 'running', 'match', 'mismatch', 'error', 'failed'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

export type ExperimentSummary = {
  id: ArtifactId;
  notebookId: string;
  notebookTitle: string;
  notebookRevision: number;
  authorId: string;
  authorName: string;
  title: string;
  tags: string[];
  byteSize: number;
  createdAt: Date;
  archivedAt: Date | null;
  /** A pending replay job's status, else the latest replay's, else `none`. */
  replayStatus: ReplayStatus;
  /** The recorder's own verdict: false when the SQL calls something a replay cannot repeat (now(), …). */
  reproducible: boolean;
};
/** `annotations` are the current ones (the latest state), `content` exactly what the id hashes. */
export type Experiment = ExperimentSummary & { format: string; content: ArtifactContent; annotations: Annotations };

/** Query string of the experiment list. `q` is a piece of the title (any case) or a whole tag. */
export const ExperimentSearch = z.object({
  q: z.string().trim().max(200, 'a search is at most 200 characters').optional(),
  authorId: z.string().min(1).max(64).optional(),
  notebookId: z.string().min(1).max(64).optional(),
  includeArchived: z.enum(['true', 'false']).optional().transform((value) => value === 'true'),
  replay: z.enum(REPLAY_STATUSES).optional(),
});
/** The experiment list's page size: ~1 kB of HTML a row. */
export const ExperimentPage = PageQuery({ defaultLimit: 50, maxLimit: 200 });
export type ExperimentFilter = { authorId?: string; notebookId?: string; q?: string; includeArchived?: boolean; replay?: ReplayStatus };

const encoder = new TextEncoder();

/**
 * Records an artifact sent by its author. The content must hash to `claimedId` when one is given, and
 * the id is always computed here, never trusted. Storing the same content again changes nothing and
 * answers the same id (`created: false`); the annotations it was first recorded with are kept. A new
 * experiment gets its server-side replay queued in the same transaction.
 */
export async function storeExperiment(
  db: Db,
  input: { json: unknown; authorId: string; claimedId?: string },
): Promise<{ id: ArtifactId; created: boolean }> {
  const sent = JSON.stringify(input.json);
  if (sent !== undefined && encoder.encode(sent).length > MAX_ARTIFACT_BYTES) {
    throw new AppError('payload_too_large', `an artifact is at most ${MAX_ARTIFACT_BYTES} bytes`);
  }
  const verified = await verifyArtifact(input.json, input.claimedId);
  if (!verified.ok) throw new AppError(verified.code, verified.message);
  const { artifact, id } = verified;
  if (artifact.content.author.id !== input.authorId) {
    throw new AppError('forbidden', 'an artifact can only be recorded by its author (content.author.id is someone else)');
  }
  const notebookId = artifact.content.notebook.id;
  const created = await db.transaction(async (tx) => {
    const [notebook] = await tx.select({ id: notebooks.id }).from(notebooks).where(eq(notebooks.id, notebookId));
    if (!notebook) throw new AppError('artifact_invalid', `content.notebook.id: notebook ${notebookId} does not exist`);
    const inserted = await tx
      .insert(experiments)
      .values({
        id,
        notebookId,
        authorId: input.authorId,
        format: artifact.format,
        content: artifact.content,
        annotations: artifact.annotations,
        byteSize: encoder.encode(canonicalContent(artifact.content)).length,
      })
      .onConflictDoNothing({ target: experiments.id })
      .returning({ id: experiments.id });
    if (inserted.length === 0) return false;
    await appendAudit(tx, {
      actorId: input.authorId,
      action: 'experiment.recorded',
      objectType: 'experiment',
      objectId: id,
      details: { notebookId, revision: artifact.content.notebook.revision, title: artifact.annotations.title },
    });
    await enqueueReplay(tx, id);
    return true;
  });
  // Lineage is computed when the artifact is stored, so every experiment has it (the lineage page, the
  // compliant gate's evidence) before anyone submits it; it only parses and binds. Should it fail, the
  // experiment is stored all the same and lineageOf computes it when first asked.
  if (created) await storeLineage(db, id, artifact.content).catch(() => undefined);
  return { id, created };
}

/** The experiment's latest state row (none: as recorded, not archived): one index lookup per row,
 * so a page of the list costs a page of lookups, not a read of every state ever written. */
function latestState(db: Db | Tx) {
  return db
    .select({ annotations: experimentStates.annotations, archivedAt: experimentStates.archivedAt })
    .from(experimentStates)
    .where(eq(experimentStates.experimentId, experiments.id))
    .orderBy(desc(experimentStates.seq))
    .limit(1)
    .as('latest_state');
}

function experimentQuery(db: Db | Tx, withContent: boolean) {
  const latest = latestState(db);
  const annotations = sql`coalesce(${latest.annotations}, ${experiments.annotations})`.mapWith(experiments.annotations);
  const replayStatus = sql<ReplayStatus>`coalesce(
    (SELECT j.status FROM ${jobs} j WHERE j.kind = ${REPLAY_JOB} AND j.subject = ${experiments.id} AND j.status IN ('queued', 'running') ORDER BY j.id LIMIT 1),
    (SELECT r.status FROM ${experimentReplays} r WHERE r.experiment_id = ${experiments.id} ORDER BY r.seq DESC LIMIT 1),
    'none')`;
  const columns = {
    id: experiments.id,
    notebookId: experiments.notebookId,
    notebookTitle: notebooks.title,
    notebookRevision: sql`(${experiments.content} -> 'notebook' ->> 'revision')::integer`.mapWith(Number),
    authorId: experiments.authorId,
    authorName: users.name,
    byteSize: experiments.byteSize,
    createdAt: experiments.createdAt,
    cursorAt: exactTime(experiments.createdAt),
    archivedAt: latest.archivedAt,
    format: experiments.format,
    replayStatus,
    reproducible: sql<boolean>`(${experiments.content} -> 'reproducible' ->> 'ok')::boolean`,
    annotations,
    ...(withContent ? { content: experiments.content } : {}),
  };
  const query = db
    .select(columns)
    .from(experiments)
    .innerJoin(users, eq(users.id, experiments.authorId))
    .innerJoin(notebooks, eq(notebooks.id, experiments.notebookId))
    .leftJoinLateral(latest, sql`true`);
  return { query, latest, annotations, replayStatus };
}

export async function getExperimentOrThrow(db: Db | Tx, id: string): Promise<Experiment> {
  const { query } = experimentQuery(db, true);
  const [found] = await query.where(eq(experiments.id, id));
  if (!found || !found.content) throw new AppError('not_found', `experiment ${id} does not exist`);
  const { cursorAt: _cursorAt, ...row } = found;
  return { ...row, id: row.id as ArtifactId, content: found.content, title: row.annotations.title, tags: row.annotations.tags };
}

/** Newest first (created, then id: a total order), one page; archived experiments only when asked for.
 * Every filter is SQL before the limit. */
export async function listExperiments(db: Db, filter: ExperimentFilter, page: PageRequest): Promise<KeyedPage<ExperimentSummary>> {
  const { query, annotations, replayStatus } = experimentQuery(db, false);
  const conditions: (SQL | undefined)[] = [
    filter.authorId ? eq(experiments.authorId, filter.authorId) : undefined,
    filter.notebookId ? eq(experiments.notebookId, filter.notebookId) : undefined,
    // Written as NOT EXISTS rather than on the lateral join's column: the planner then walks the
    // keyset index newest first and stops at the limit, instead of joining every experiment and sorting.
    filter.includeArchived
      ? undefined
      : sql`NOT EXISTS (SELECT 1 FROM (SELECT s.archived_at FROM ${experimentStates} s WHERE s.experiment_id = ${experiments.id} ORDER BY s.seq DESC LIMIT 1) current_state WHERE current_state.archived_at IS NOT NULL)`,
    filter.replay ? sql`${replayStatus} = ${filter.replay}` : undefined,
    afterKey(page, 'desc', [
      [experiments.createdAt, 'timestamptz'],
      [experiments.id, 'text'],
    ]),
  ];
  const q = filter.q?.trim();
  if (q) {
    conditions.push(
      or(
        ilike(sql`${annotations} ->> 'title'`, `%${escapeLike(q)}%`),
        sql`(${annotations} -> 'tags') @> jsonb_build_array(${q.toLowerCase()}::text)`,
      ),
    );
  }
  const rows = await query
    .where(and(...conditions))
    .orderBy(desc(experiments.createdAt), desc(experiments.id))
    .limit(page.limit + 1);
  const summaries = rows.map(({ annotations: current, format: _format, ...row }) => ({
    ...row,
    id: row.id as ArtifactId,
    title: current.title,
    tags: current.tags,
  }));
  const keyed = keyedPage(summaries, page, (row) => [row.cursorAt, row.id]);
  return { ...keyed, items: keyed.items.map(({ cursorAt: _cursorAt, ...row }) => row) };
}

/** Backslash is PostgreSQL's default LIKE escape character. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Hides an experiment from the default list; only its author may. Nothing is deleted: a new state row
 * records who archived it and when. Archiving twice changes nothing the second time. */
export async function archiveExperiment(db: Db, input: { id: string; userId: string }): Promise<Experiment> {
  await db.transaction(async (tx) => {
    // The row lock serializes archivers of one experiment, so the state history has no duplicates.
    const [row] = await tx.select({ authorId: experiments.authorId }).from(experiments).where(eq(experiments.id, input.id)).for('update');
    if (!row) throw new AppError('not_found', `experiment ${input.id} does not exist`);
    if (row.authorId !== input.userId) throw new AppError('forbidden', 'only the author of an experiment can archive it');
    const current = await getExperimentOrThrow(tx, input.id);
    if (current.archivedAt) return;
    await tx.insert(experimentStates).values({ experimentId: input.id, actorId: input.userId, annotations: current.annotations, archivedAt: new Date() });
    await appendAudit(tx, { actorId: input.userId, action: 'experiment.archived', objectType: 'experiment', objectId: input.id });
  });
  return getExperimentOrThrow(db, input.id);
}

/** A new notebook owned by `userId` holding exactly the experiment's cells and sandbox spec; its
 * recordings name the experiment as their parent. Anyone who may create notebooks may fork. */
export async function forkExperiment(db: Db, input: { id: string; userId: string }): Promise<{ notebookId: string }> {
  const experiment = await getExperimentOrThrow(db, input.id);
  const notebookId = await db.transaction(async (tx) => {
    const id = await insertNotebook(tx, {
      ownerId: input.userId,
      title: `${experiment.title} (fork)`.slice(0, 200),
      cells: experiment.content.cells,
      sandbox: experiment.content.sandbox.spec,
      forkedFrom: experiment.id,
    });
    await appendAudit(tx, { actorId: input.userId, action: 'experiment.forked', objectType: 'experiment', objectId: experiment.id, details: { notebookId: id } });
    return id;
  });
  return { notebookId };
}
