'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useModalDialog } from '@/app/_components/useModalDialog';
import type { Column } from '@/lib/artifact/schema';
import { api } from '@/lib/client/api';
import type { ModelDocs, PromotionSubmission } from '@/lib/promotion/types';

export type PipelineChoice = { id: string; name: string; currentVersion: number | null; docs: PromotionSubmission['docs'] };

type Props = { experimentId: string; models: { name: string; schema: Column[] }[]; pipelines: PipelineChoice[]; onClose(): void };

const NEW = '__new__';

/** Docs for every model and column, starting from what production says about the same names. */
function initialDocs(models: Props['models'], production: PromotionSubmission['docs']): PromotionSubmission['docs'] {
  return Object.fromEntries(
    models.map((m): [string, ModelDocs] => [
      m.name,
      {
        description: production[m.name]?.description ?? '',
        columns: Object.fromEntries(m.schema.map((c) => [c.name, production[m.name]?.columns[c.name] ?? { description: '', nullable: true }])),
      },
    ]),
  );
}

/** Submission for promotion: the pipeline, documentation of every output, PII declarations and the
 * acknowledgement a breaking change needs. The gates judge it; this form only collects it. */
export function SubmitDialog({ experimentId, models, pipelines, onClose }: Props) {
  const router = useRouter();
  const dialog = useModalDialog(true);
  const [pipeline, setPipeline] = useState(pipelines[0]?.id ?? NEW);
  const [name, setName] = useState('');
  const production = pipelines.find((p) => p.id === pipeline)?.docs ?? {};
  const [docs, setDocs] = useState(() => initialDocs(models, pipelines[0]?.docs ?? {}));
  const [pii, setPii] = useState<Record<string, string | null>>({});
  const [breaking, setBreaking] = useState<string | null>(null);
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const choose = (id: string) => {
    setPipeline(id);
    setDocs(initialDocs(models, pipelines.find((p) => p.id === id)?.docs ?? {}));
  };
  const setModel = (model: string, patch: Partial<ModelDocs>) => setDocs((d) => ({ ...d, [model]: { ...d[model]!, ...patch } }));
  const setColumn = (model: string, column: string, patch: Partial<ModelDocs['columns'][string]>) =>
    setDocs((d) => ({ ...d, [model]: { ...d[model]!, columns: { ...d[model]!.columns, [column]: { ...d[model]!.columns[column]!, ...patch } } } }));

  const submit = async () => {
    setState({ kind: 'sending' });
    try {
      const { id } = await api<{ id: string }>('/api/promotions', {
        method: 'POST',
        body: {
          artifactId: experimentId,
          pipeline: pipeline === NEW ? { name } : { id: pipeline },
          submission: {
            docs,
            piiDeclarations: Object.entries(pii).flatMap(([model, reason]) => (reason === null ? [] : [{ model, reason }])),
            breaking: breaking === null ? null : { migrationNote: breaking },
          },
        },
      });
      router.push(`/promotions/${id}`);
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-label="Submit for promotion"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', padding: 0, width: 'min(760px, 96vw)', maxHeight: '90vh', boxShadow: '0 12px 40px rgba(0,0,0,0.18)' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        style={{ padding: '16px 20px', display: 'grid', gap: 12 }}
      >
        <h2>Submit for promotion</h2>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <label htmlFor="submit-pipeline">Pipeline</label>
          <select id="submit-pipeline" value={pipeline} onChange={(e) => choose(e.target.value)}>
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} {p.currentVersion === null ? '(no version yet)' : `(production v${p.currentVersion})`}
              </option>
            ))}
            <option value={NEW}>New pipeline…</option>
          </select>
          {pipeline === NEW && <input aria-label="New pipeline name" value={name} onChange={(e) => setName(e.target.value)} placeholder="revenue_daily" required />}
        </div>
        <p className="muted" style={{ margin: 0 }}>
          Every output model and column needs a description (the documented gate). Unticking &ldquo;may be NULL&rdquo; on a column production allows to be NULL is a breaking change.
        </p>
        {models.map((model) => (
          <fieldset key={model.name} style={{ border: '1px solid var(--line)', borderRadius: 6, display: 'grid', gap: 6 }}>
            <legend className="mono">{model.name}</legend>
            <label style={{ display: 'grid', gap: 2 }}>
              Description of {model.name}
              <input value={docs[model.name]?.description ?? ''} onChange={(e) => setModel(model.name, { description: e.target.value })} />
            </label>
            <table className="contract">
              <tbody>
                {model.schema.map((column) => (
                  <tr key={column.name}>
                    <td className="mono">{column.name}</td>
                    <td>
                      <input
                        aria-label={`Description of ${model.name}.${column.name}`}
                        value={docs[model.name]?.columns[column.name]?.description ?? ''}
                        onChange={(e) => setColumn(model.name, column.name, { description: e.target.value })}
                        style={{ width: '100%' }}
                      />
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <label>
                        <input
                          type="checkbox"
                          checked={docs[model.name]?.columns[column.name]?.nullable ?? true}
                          onChange={(e) => setColumn(model.name, column.name, { nullable: e.target.checked })}
                        />{' '}
                        may be NULL
                      </label>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <label style={{ fontSize: 13 }}>
              <input type="checkbox" checked={pii[model.name] != null} onChange={(e) => setPii((p) => ({ ...p, [model.name]: e.target.checked ? '' : null }))} /> {model.name} carries PII on purpose
            </label>
            {pii[model.name] != null && (
              <input aria-label={`Why ${model.name} carries PII`} value={pii[model.name] ?? ''} onChange={(e) => setPii((p) => ({ ...p, [model.name]: e.target.value }))} placeholder="Why it needs PII" />
            )}
          </fieldset>
        ))}
        <label>
          <input type="checkbox" checked={breaking !== null} onChange={(e) => setBreaking(e.target.checked ? '' : null)} /> This is a breaking change for consumers of production
        </label>
        {breaking !== null && (
          <label style={{ display: 'grid', gap: 2 }}>
            Migration note
            <textarea value={breaking} onChange={(e) => setBreaking(e.target.value)} rows={3} style={{ font: 'inherit', padding: 6 }} />
          </label>
        )}
        {Object.keys(production).length > 0 && <p className="muted" style={{ margin: 0, fontSize: 12 }}>Descriptions start from the version in production.</p>}
        {state.kind === 'error' && (
          <p role="alert" className="form-error" style={{ margin: 0 }}>
            {state.message}
          </p>
        )}
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={state.kind === 'sending'}>
            {state.kind === 'sending' ? 'Submitting…' : 'Submit'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
