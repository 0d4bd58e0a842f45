import 'server-only';
import { eq } from 'drizzle-orm';
import type { ArtifactContent } from '@/lib/artifact/schema';
import { createNativeEngine } from '@/lib/engine/native';
import { limitTime } from '@/lib/engine/time-limit';
import { analyzeLineage, lineageInputOf } from '@/lib/lineage/analyze';
import type { PipelineLineage } from '@/lib/lineage/types';
import type { Db } from '@/lib/server/db/client';
import { AppError } from '@/lib/errors';
import { artifactLineage, experiments } from '@/lib/server/db/schema';

/** Parsing and binding only (no row is read): a few milliseconds; the bound is for pathological SQL. */
const ANALYSIS_TIMEOUT_MS = 30_000;

/** The artifact's lineage on a fresh hardened native engine of its own (it creates empty tables). */
export async function computeLineage(content: ArtifactContent): Promise<PipelineLineage> {
  const engine = await createNativeEngine({ threads: 1, memoryLimit: '256MB' });
  const limit = limitTime(engine, ANALYSIS_TIMEOUT_MS);
  try {
    return await analyzeLineage(engine, lineageInputOf(content));
  } finally {
    limit.stop();
    await engine.close();
  }
}

/** Computes and stores an artifact's lineage unless it is stored already; returns the stored one. */
export async function storeLineage(db: Db, experimentId: string, content: ArtifactContent): Promise<PipelineLineage> {
  const lineage = await computeLineage(content);
  await db.insert(artifactLineage).values({ experimentId, lineage, elapsedMs: lineage.elapsedMs }).onConflictDoNothing({ target: artifactLineage.experimentId });
  const [stored] = await db.select({ lineage: artifactLineage.lineage }).from(artifactLineage).where(eq(artifactLineage.experimentId, experimentId));
  return stored?.lineage ?? lineage;
}

/** The stored lineage of an artifact; one recorded before lineage existed (or whose analysis could
 * not run when it was stored) gets it computed and stored now. Throws not_found for no artifact. */
export async function lineageOf(db: Db, experimentId: string): Promise<PipelineLineage> {
  const [stored] = await db.select({ lineage: artifactLineage.lineage }).from(artifactLineage).where(eq(artifactLineage.experimentId, experimentId));
  if (stored) return stored.lineage;
  const [experiment] = await db.select({ content: experiments.content }).from(experiments).where(eq(experiments.id, experimentId));
  if (!experiment) throw new AppError('not_found', `experiment ${experimentId} does not exist`);
  return storeLineage(db, experimentId, experiment.content);
}
