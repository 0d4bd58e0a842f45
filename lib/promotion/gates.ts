import type { ReplayResult } from '@/lib/artifact/replay';
import type { ArtifactContent } from '@/lib/artifact/schema';
import { sensitivityOf } from '@/lib/lineage/sensitivity';
import type { PipelineLineage } from '@/lib/lineage/types';
import { classifySchemaChanges, type ModelSchema } from './compat';
import type { GateResult, PromotionSubmission } from './types';

/** Every fingerprint, schema and input matched on the server's replay. */
export function reproducibleGate(replay: ReplayResult): GateResult {
  const differing = replay.models.filter((m) => !m.match).map((m) => m.name);
  const inputs = replay.inputs.filter((i) => !i.match).map((i) => i.name);
  const evidence = {
    status: replay.status,
    error: replay.error,
    models: replay.models.map((m) => ({ name: m.name, expected: m.expected, actual: m.actual, schemaMatch: m.schemaMatch, match: m.match })),
    inputs: replay.inputs.map((i) => ({ name: i.name, match: i.match })),
  };
  if (replay.status === 'match') return { gate: 'reproducible', status: 'pass', summary: `all ${replay.models.length} models and ${replay.inputs.length} inputs matched their fingerprints`, evidence };
  const why = replay.error ?? [differing.length > 0 && `models differ: ${differing.join(', ')}`, inputs.length > 0 && `inputs differ: ${inputs.join(', ')}`].filter(Boolean).join('; ');
  return { gate: 'reproducible', status: 'fail', summary: `the replay did not reproduce the artifact: ${why || 'checks differ'}`, evidence };
}

/** Every check on an output model passed when the server replayed the artifact; checks on
 * intermediate models are shown but do not gate (they are the author's scaffolding). */
export function qualityGate(replay: ReplayResult, content: ArtifactContent, outputs: readonly string[]): GateResult {
  const modelOf = new Map(content.cells.flatMap((c) => (c.kind === 'check' ? [[c.id, c.model] as const] : [])));
  const gating = (cellId: string) => outputs.includes(modelOf.get(cellId) ?? '');
  const evidence = replay.checks.map((c) => ({ cellId: c.cellId, checkId: c.checkId, model: modelOf.get(c.cellId) ?? null, gating: gating(c.cellId), recorded: c.expected, replayed: c.actual }));
  const judged = replay.checks.filter((c) => gating(c.cellId));
  const failing = judged.filter((c) => c.actual !== 'pass');
  const others = replay.checks.length - judged.length;
  const aside = others > 0 ? ` (${others} on intermediate models not gating)` : '';
  if (failing.length > 0) {
    return { gate: 'quality', status: 'fail', summary: `${failing.length} of ${judged.length} checks on outputs did not pass on replay: ${failing.map((c) => c.checkId).join(', ')}${aside}`, evidence };
  }
  return { gate: 'quality', status: 'pass', summary: judged.length === 0 ? `no checks on outputs to run${aside}` : `all ${judged.length} checks on outputs passed on replay${aside}`, evidence };
}

const schemasOf = (content: ArtifactContent, outputs: readonly string[], docs: PromotionSubmission['docs']): ModelSchema[] =>
  content.models.filter((m) => outputs.includes(m.name)).map((m) => ({ name: m.name, schema: m.schema, docs: docs[m.name] }));

/** Candidate outputs against production's, classified; a breaking change passes only acknowledged.
 * Intermediate models are not published, so they can change freely. */
export function compatibleGate(
  candidate: { content: ArtifactContent; submission: PromotionSubmission },
  production: { content: ArtifactContent; docs: PromotionSubmission['docs']; outputs: readonly string[] } | null,
): GateResult & { breaking: boolean } {
  if (production === null) {
    return { gate: 'compatible', status: 'pass', summary: 'first version of the pipeline: nothing to be compatible with', evidence: { changes: [] }, breaking: false };
  }
  const changes = classifySchemaChanges(
    schemasOf(production.content, production.outputs, production.docs),
    schemasOf(candidate.content, candidate.submission.outputs, candidate.submission.docs),
  );
  const breaking = changes.filter((c) => c.breaking);
  const evidence = { changes, migrationNote: candidate.submission.breaking?.migrationNote ?? null };
  if (breaking.length === 0) {
    return { gate: 'compatible', status: 'pass', summary: changes.length === 0 ? 'no schema changes' : `${changes.length} non-breaking changes`, evidence, breaking: false };
  }
  const list = breaking.map((c) => ('column' in c ? `${c.model}.${c.column} ${c.kind.replace('_', ' ')}` : `${c.model} ${c.kind.replace('_', ' ')}`)).join(', ');
  if (candidate.submission.breaking === null) {
    return { gate: 'compatible', status: 'fail', summary: `breaking changes need an acknowledgement with a migration note: ${list}`, evidence, breaking: true };
  }
  return { gate: 'compatible', status: 'pass', summary: `breaking changes acknowledged (a steward must approve): ${list}`, evidence, breaking: true };
}

/**
 * Column-level: sensitivity flows along direct column lineage (lib/lineage), masking functions clear
 * it, and an output column that carries a `pii`/`secret` source column unmasked needs its model
 * declared, with a reason (a steward must approve). A model that drops or masks the column needs no
 * declaration; a column whose lineage is unknown carries every sensitive column its model reads (fail
 * closed). `outputs` limits the gate to the pipeline's output models (all models when absent).
 */
export function compliantGate(
  content: ArtifactContent,
  lineage: PipelineLineage,
  submission: PromotionSubmission,
  outputs?: readonly string[],
): GateResult & { piiDeclared: boolean } {
  const carried = sensitivityOf(lineage);
  const declared = new Map(submission.piiDeclarations.map((d) => [d.model, d.reason]));
  const chosen = outputs ? new Set(outputs) : null;
  const models = content.models.filter((m) => chosen === null || chosen.has(m.name));
  const evidence = models.map((model) => {
    const columns = model.schema.flatMap((column) => {
      const carries = carried(model.name, column.name);
      return carries.length === 0 ? [] : [{ column: column.name, carries: carries.map((c) => ({ origin: c.origin, sensitivity: c.sensitivity, path: c.path, unknown: c.unknown })) }];
    });
    const analysis = lineage.models.find((m) => m.model === model.name);
    return { model: model.name, columns, declared: declared.get(model.name) ?? null, lineage: analysis?.verified ? 'verified' : (analysis?.error ?? 'not analysed') };
  });
  const undeclared = evidence.filter((e) => e.columns.length > 0 && e.declared === null);
  const piiDeclared = evidence.some((e) => e.columns.length > 0 && e.declared !== null);
  if (undeclared.length > 0) {
    const paths = undeclared.flatMap((e) => e.columns.flatMap((c) => c.carries.map((x) => `${x.path}${x.unknown ? ' (lineage unknown)' : ''}`)));
    return { gate: 'compliant', status: 'fail', summary: `outputs carry PII unmasked without a declaration: ${paths.slice(0, 8).join('; ')}${paths.length > 8 ? '; …' : ''}`, evidence, piiDeclared };
  }
  return {
    gate: 'compliant',
    status: 'pass',
    summary: piiDeclared ? 'PII outputs are declared (a steward must approve)' : 'no output column carries a PII or secret column unmasked',
    evidence,
    piiDeclared,
  };
}

/** The pipeline has an owner; every output model and each of its columns has a description
 * (intermediate models may go undescribed). */
export function documentedGate(content: ArtifactContent, submission: PromotionSubmission, owner: string | null): GateResult {
  const missing: string[] = [];
  if (!owner) missing.push('the pipeline has no owner');
  const outputs = content.models.filter((m) => submission.outputs.includes(m.name));
  for (const model of outputs) {
    const docs = submission.docs[model.name];
    if (!docs?.description.trim()) missing.push(`${model.name}: no description`);
    for (const column of model.schema) {
      if (!docs?.columns[column.name]?.description.trim()) missing.push(`${model.name}.${column.name}: no description`);
    }
  }
  const evidence = { owner, missing };
  if (missing.length > 0) return { gate: 'documented', status: 'fail', summary: `${missing.length} missing: ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? '; …' : ''}`, evidence };
  return { gate: 'documented', status: 'pass', summary: `owner set; ${outputs.length} output model${outputs.length === 1 ? '' : 's'} and ${outputs.length === 1 ? 'its' : 'their'} columns described`, evidence };
}
