import type { SampleSource } from '@/lib/samples/sandbox';
import { replayArtifact } from '@/lib/artifact/replay';
import { ARTIFACT_FORMAT, type ArtifactContent } from '@/lib/artifact/schema';
import type { Engine } from '@/lib/engine/types';
import { analyzeLineage, lineageInputOf } from '@/lib/lineage/analyze';
import { runSideBySide } from './data-diff';
import { compatibleGate, compliantGate, documentedGate, qualityGate, reproducibleGate } from './gates';
import type { GateRunResult, PromotionSubmission } from './types';

export type GateInput = {
  /** A fresh engine: the replay, then the data diff on the sandbox the replay generated. */
  newEngine: () => Promise<Engine>;
  candidate: { content: ArtifactContent; submission: PromotionSubmission };
  /** The version in production now; null for a pipeline's first version. */
  production: { version: number; content: ArtifactContent; docs: PromotionSubmission['docs']; outputs: string[] } | null;
  owner: string | null;
  /** The server's stored samples, for a candidate that ran on one. */
  samples?: SampleSource;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function withEngine<T>(newEngine: () => Promise<Engine>, body: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await newEngine();
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}

/**
 * The five gates on a candidate artifact: replays it on a fresh engine (reproducible, quality),
 * analyses its column lineage with DuckDB's parser and binder on another (compliant), compares its schemas and docs with
 * production's (compatible, documented), then runs candidate and production side by side on the
 * candidate's input, in the same engine, for the data diff (evidence for the reviewer, not a gate).
 * Never throws for what the SQL does; an engine that cannot start makes `error` say so.
 */
export async function runGates(input: GateInput): Promise<GateRunResult> {
  const started = performance.now();
  const { candidate, production } = input;
  try {
    const { replay, dataDiff } = await withEngine(input.newEngine, async (engine) => {
      const annotations = { title: 'promotion gates', hypothesis: '', notes: '', tags: [] };
      const replay = await replayArtifact(engine, { format: ARTIFACT_FORMAT, content: candidate.content, annotations }, { samples: input.samples });
      // The data diff runs in the same engine: the replay left the candidate's sandbox in it (generating
      // it is most of the job's time). Only inputs the replay found are reused; none, and it generates.
      const generated = replay.inputs.filter((i) => i.actual !== null).map((i) => i.name);
      const dataDiff = production
        ? await runSideBySide(engine, production.content, candidate.content, generated.length === replay.inputs.length && generated.length > 0 ? generated : null, input.samples).catch(
            (error: unknown) => ({ error: messageOf(error) }),
          )
        : null;
      return { replay, dataDiff };
    });
    // Lineage creates the sources and models as empty tables and views: an engine of its own.
    const lineage = await withEngine(input.newEngine, (engine) => analyzeLineage(engine, lineageInputOf(candidate.content)));
    const compatible = compatibleGate(candidate, production);
    const compliant = compliantGate(candidate.content, lineage, candidate.submission, candidate.submission.outputs);
    const gates = [
      reproducibleGate(replay),
      qualityGate(replay, candidate.content, candidate.submission.outputs),
      { gate: compatible.gate, status: compatible.status, summary: compatible.summary, evidence: compatible.evidence },
      { gate: compliant.gate, status: compliant.status, summary: compliant.summary, evidence: compliant.evidence },
      documentedGate(candidate.content, candidate.submission, input.owner),
    ];
    return { gates, productionVersion: production?.version ?? null, breaking: compatible.breaking, piiDeclared: compliant.piiDeclared, dataDiff, error: null, elapsedMs: performance.now() - started };
  } catch (error) {
    return { gates: [], productionVersion: production?.version ?? null, breaking: false, piiDeclared: false, dataDiff: null, error: messageOf(error), elapsedMs: performance.now() - started };
  }
}
