import type { Column } from '@/lib/artifact/schema';
import type { PromotionStatus } from './states';
import type { ModelDocs, PromotionSubmission } from './types';

// The submit dialog's starting point, apart from React so it can be tested: what to prefill from
// production and earlier submissions, and how a change of pipeline fills only the empty fields.

export type PipelineChoice = { id: string; name: string; currentVersion: number | null; docs: PromotionSubmission['docs']; outputs: string[] | null };
/** A submission of this experiment made before, to prefill from; `open` when its request still is. */
export type EarlierSubmission = { requestId: string; pipelineId: string; status: PromotionStatus; open: boolean; number: number; submission: PromotionSubmission };
export type FormInput = { models: { name: string; schema: Pick<Column, 'name'>[] }[]; pipelines: PipelineChoice[]; earlier: EarlierSubmission[] };

export type Docs = PromotionSubmission['docs'];
export const emptyDocs = (models: FormInput['models']): Docs =>
  Object.fromEntries(models.map((m): [string, ModelDocs] => [m.name, { description: '', columns: Object.fromEntries(m.schema.map((c) => [c.name, { description: '', nullable: true }])) }]));

/** Fills the fields still empty from `from`; what the user typed stays. */
export function fillEmpty(docs: Docs, from: Docs | undefined): Docs {
  if (!from) return docs;
  return Object.fromEntries(
    Object.entries(docs).map(([model, d]): [string, ModelDocs] => {
      const source = from[model];
      if (!source) return [model, d];
      const columns = Object.fromEntries(Object.entries(d.columns).map(([name, c]) => [name, c.description.trim() === '' && source.columns[name] ? source.columns[name]! : c]));
      return [model, { description: d.description.trim() === '' ? source.description : d.description, columns }];
    }),
  );
}

/** What to start from for `pipelineId`: this experiment's latest submission there, then production's docs. */
export function prefill(props: FormInput, pipelineId: string) {
  const names = new Set(props.models.map((m) => m.name));
  const mine = props.earlier.filter((e) => e.pipelineId === pipelineId).sort((a, b) => b.number - a.number)[0];
  const production = props.pipelines.find((p) => p.id === pipelineId);
  const outputs = (mine?.submission.outputs ?? production?.outputs ?? []).filter((o) => names.has(o));
  return { outputs, sources: [mine?.submission.docs, production?.docs, ...props.earlier.map((e) => e.submission.docs)], mine };
}

export function initialForm(props: FormInput, pipelineId: string) {
  const { outputs, sources, mine } = prefill(props, pipelineId);
  return {
    outputs,
    docs: sources.reduce<Docs>((docs, from) => fillEmpty(docs, from), emptyDocs(props.models)),
    pii: Object.fromEntries((mine?.submission.piiDeclarations ?? []).map((d) => [d.model, d.reason])) as Record<string, string | null>,
    breaking: mine?.submission.breaking?.migrationNote ?? null,
  };
}

