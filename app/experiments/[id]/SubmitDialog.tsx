'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useModalDialog } from '@/app/_components/useModalDialog';
import type { Column } from '@/lib/artifact/schema';
import { api, ApiError } from '@/lib/client/api';
import { statusLabel } from '@/lib/promotion/states';
import { fieldLabel, issuesInWords } from '@/lib/promotion/submission-fields';
import { fillEmpty, initialForm, prefill, type Docs, type EarlierSubmission, type PipelineChoice } from '@/lib/promotion/submission-form';
import { ResubmitBody, SubmitBody, type ModelDocs, type PromotionSubmission } from '@/lib/promotion/types';

export type { EarlierSubmission, PipelineChoice };

type Props = {
  experimentId: string;
  models: { name: string; schema: Column[] }[];
  pipelines: PipelineChoice[];
  earlier: EarlierSubmission[];
  /** Fixing the submission of this request (its pipeline cannot change). */
  request?: { id: string; pipelineId: string };
  onClose(): void;
};

const NEW = '__new__';

/** Submission for promotion: the pipeline, which models are its outputs, their documentation, PII
 * declarations and the acknowledgement a breaking change needs. Checked here with the same schema as
 * the server; the gates judge the rest. */
export function SubmitDialog(props: Props) {
  const { experimentId, models, pipelines, earlier, request, onClose } = props;
  const router = useRouter();
  const dialog = useModalDialog(true);
  const [pipeline, setPipeline] = useState(request?.pipelineId ?? pipelines[0]?.id ?? NEW);
  const [name, setName] = useState('');
  const [start] = useState(() => initialForm(props, pipeline));
  const [outputs, setOutputs] = useState<string[]>(start.outputs);
  const [outputsTouched, setOutputsTouched] = useState(false);
  const [docs, setDocs] = useState(start.docs);
  const [describing, setDescribing] = useState<Record<string, boolean>>({});
  const [pii, setPii] = useState<Record<string, string | null>>(start.pii);
  const [breaking, setBreaking] = useState<string | null>(start.breaking);
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'error'; messages: string[] }>({ kind: 'idle' });

  const open = request ? earlier.find((e) => e.requestId === request.id) : earlier.find((e) => e.pipelineId === pipeline && e.open);
  const choose = (id: string) => {
    setPipeline(id);
    const next = prefill(props, id);
    setDocs((d) => next.sources.reduce<Docs>((acc, from) => fillEmpty(acc, from), d));
    if (!outputsTouched) setOutputs(next.outputs);
  };
  const toggleOutput = (model: string, on: boolean) => {
    setOutputsTouched(true);
    setOutputs((o) => (on ? [...o.filter((m) => m !== model), model] : o.filter((m) => m !== model)));
  };
  const setModel = (model: string, patch: Partial<ModelDocs>) => setDocs((d) => ({ ...d, [model]: { ...d[model]!, ...patch } }));
  const setColumn = (model: string, column: string, patch: Partial<ModelDocs['columns'][string]>) =>
    setDocs((d) => ({ ...d, [model]: { ...d[model]!, columns: { ...d[model]!.columns, [column]: { ...d[model]!.columns[column]!, ...patch } } } }));

  const ordered = models.map((m) => m.name).filter((m) => outputs.includes(m));
  const written = (d: ModelDocs) => d.description.trim() !== '' || Object.values(d.columns).some((c) => c.description.trim() !== '');
  const submission: PromotionSubmission = {
    outputs: ordered,
    docs: Object.fromEntries(Object.entries(docs).filter(([model, d]) => ordered.includes(model) || written(d))),
    piiDeclarations: ordered.flatMap((model) => (pii[model] == null ? [] : [{ model, reason: pii[model]! }])),
    breaking: breaking === null ? null : { migrationNote: breaking },
  };
  const missing = models
    .filter((m) => ordered.includes(m.name))
    .flatMap((m) => [
      ...(docs[m.name]!.description.trim() === '' ? [fieldLabel(['docs', m.name])] : []),
      ...m.schema.filter((c) => docs[m.name]!.columns[c.name]!.description.trim() === '').map((c) => fieldLabel(['docs', m.name, 'columns', c.name])),
    ]);

  const submit = async () => {
    const body = open ? { submission } : { artifactId: experimentId, pipeline: pipeline === NEW ? { name } : { id: pipeline }, submission };
    const parsed = open ? ResubmitBody.safeParse(body) : SubmitBody.safeParse(body);
    if (!parsed.success) {
      setState({ kind: 'error', messages: issuesInWords(parsed.error, submission) });
      return;
    }
    setState({ kind: 'sending' });
    try {
      if (open) {
        await api(`/api/promotions/${open.requestId}/submissions`, { method: 'POST', body });
        if (request) {
          onClose();
          router.refresh();
        } else router.push(`/promotions/${open.requestId}`);
      } else {
        const { id } = await api<{ id: string }>('/api/promotions', { method: 'POST', body });
        router.push(`/promotions/${id}`);
      }
    } catch (error) {
      const issues = error instanceof ApiError ? (error.details?.issues as { path: string; message: string }[] | undefined) : undefined;
      const messages = issues?.map((i) => `${fieldLabel(i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), submission)}: ${i.message}`);
      setState({ kind: 'error', messages: messages ?? [error instanceof Error ? error.message : String(error)] });
    }
  };

  // A plain function, not a component: a component defined here would remount (and drop the focus) on every keystroke.
  const columnDocs = (model: { name: string; schema: Column[] }) => (
    <>
      <label style={{ display: 'grid', gap: 2 }}>
        Description of {model.name}
        <input value={docs[model.name]?.description ?? ''} onChange={(e) => setModel(model.name, { description: e.target.value })} />
      </label>
      <table className="contract">
        <tbody>
          {model.schema.map((column) => (
            <tr key={column.name}>
              <td className="mono">{column.name}</td>
              <td className="mono muted">{column.type}</td>
              <td style={{ width: '60%' }}>
                <input
                  aria-label={`Description of ${model.name}.${column.name}`}
                  value={docs[model.name]?.columns[column.name]?.description ?? ''}
                  onChange={(e) => setColumn(model.name, column.name, { description: e.target.value })}
                  style={{ width: '100%' }}
                />
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>
                <label>
                  <input type="checkbox" checked={docs[model.name]?.columns[column.name]?.nullable ?? true} onChange={(e) => setColumn(model.name, column.name, { nullable: e.target.checked })} /> may be NULL
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );

  return (
    <dialog
      ref={dialog}
      aria-label="Submit for promotion"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', padding: 0, width: 'min(820px, 96vw)', maxHeight: '90vh', boxShadow: '0 12px 40px rgba(0,0,0,0.18)' }}
    >
      <form
        noValidate
        // Problems from the last attempt go once the user changes something.
        onChange={() => state.kind === 'error' && setState({ kind: 'idle' })}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        style={{ padding: '16px 20px', display: 'grid', gap: 12 }}
      >
        <h2>{request ? 'Fix the submission' : 'Submit for promotion'}</h2>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <label htmlFor="submit-pipeline">Pipeline</label>
          <select id="submit-pipeline" value={pipeline} onChange={(e) => choose(e.target.value)} disabled={request !== undefined}>
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} {p.currentVersion === null ? '(no version yet)' : `(production v${p.currentVersion})`}
              </option>
            ))}
            <option value={NEW}>New pipeline…</option>
          </select>
          {pipeline === NEW && <input aria-label="New pipeline name" value={name} onChange={(e) => setName(e.target.value)} placeholder="revenue_daily" />}
        </div>
        {open && (
          <p role="note" aria-label="Open request" style={{ margin: 0 }}>
            {request ? 'This' : 'Your'} request {request ? '' : `to this pipeline `}is open ({statusLabel(open.status)}): submitting adds submission {open.number + 1} to it and runs the gates again. The earlier submissions stay in its history.
          </p>
        )}
        <p className="muted" style={{ margin: 0 }}>
          Choose the models the pipeline publishes. The others are intermediate: they still run and appear in the lineage, but are not published and need no description. Checks and the gates judge the outputs.
        </p>
        {models.map((model) => {
          const isOutput = outputs.includes(model.name);
          return (
            <fieldset key={model.name} role="group" aria-label={`Model ${model.name}`} style={{ border: '1px solid var(--line)', borderRadius: 6, display: 'grid', gap: 6 }}>
              <legend className="mono">{model.name}</legend>
              <label>
                <input type="checkbox" checked={isOutput} onChange={(e) => toggleOutput(model.name, e.target.checked)} /> Publish {model.name} as an output
              </label>
              {isOutput ? (
                <>
                  {columnDocs(model)}
                  <label style={{ fontSize: 13 }}>
                    <input type="checkbox" checked={pii[model.name] != null} onChange={(e) => setPii((p) => ({ ...p, [model.name]: e.target.checked ? '' : null }))} /> {model.name} carries PII on purpose
                  </label>
                  {pii[model.name] != null && (
                    <input aria-label={`Why ${model.name} carries PII`} value={pii[model.name] ?? ''} onChange={(e) => setPii((p) => ({ ...p, [model.name]: e.target.value }))} placeholder="Why it needs PII" />
                  )}
                </>
              ) : (
                <>
                  <p className="muted" style={{ margin: 0, fontSize: 13 }}>
                    Intermediate: runs and stays in the lineage, not published.{' '}
                    <button type="button" className="ghost" onClick={() => setDescribing((d) => ({ ...d, [model.name]: !d[model.name] }))} aria-expanded={describing[model.name] ?? false}>
                      {describing[model.name] ? 'Hide its description' : `Describe ${model.name} (optional)`}
                    </button>
                  </p>
                  {describing[model.name] && columnDocs(model)}
                </>
              )}
            </fieldset>
          );
        })}
        <label>
          <input type="checkbox" checked={breaking !== null} onChange={(e) => setBreaking(e.target.checked ? '' : null)} /> This is a breaking change for consumers of production
        </label>
        {breaking !== null && (
          <label style={{ display: 'grid', gap: 2 }}>
            Migration note
            <textarea value={breaking} onChange={(e) => setBreaking(e.target.value)} rows={3} style={{ font: 'inherit', padding: 6 }} />
          </label>
        )}
        {missing.length > 0 && (
          <p role="note" aria-label="Missing descriptions" className="muted" style={{ margin: 0 }}>
            {missing.length} description{missing.length === 1 ? '' : 's'} still empty, so the documented gate will fail: {missing.slice(0, 4).join('; ')}
            {missing.length > 4 ? '; …' : ''}
          </p>
        )}
        {state.kind === 'error' && (
          <ul role="alert" aria-label="Problems" className="form-error" style={{ margin: 0, paddingLeft: 18 }}>
            {state.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={state.kind === 'sending'}>
            {state.kind === 'sending' ? 'Submitting…' : open ? `Submit as submission ${open.number + 1}` : 'Submit'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
