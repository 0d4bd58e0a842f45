'use client';

import { useState } from 'react';
import type { GeneratedTable } from '@/lib/synth/generate';
import type { SampleRequest } from '@/lib/samples/manifest';
import { defaultRows, GENERATOR_CHANGES, GENERATOR_VERSION, GENERATOR_VERSIONS, MAX_ROWS_PER_TABLE, rootDatasets, SyntheticSpec, type SandboxDataset, type SandboxSpec } from '@/lib/synth/spec';
import { formatCount } from '@/lib/format/count';

export type SandboxState =
  | { kind: 'empty' }
  | { kind: 'generating'; step: string }
  | { kind: 'ready'; tables: GeneratedTable[]; elapsedMs: number }
  | { kind: 'error'; message: string };

export type SandboxPanelProps = {
  datasets: SandboxDataset[];
  spec: SandboxSpec | null;
  state: SandboxState;
  canGenerate: boolean;
  /** May draw a sample of production (an analyst with the engine started). */
  canSample: boolean;
  onGenerate(spec: SandboxSpec): void;
  onSample(request: SampleRequest): void;
};

/** Shares of each root dataset a sample may take. */
const SAMPLE_RATES = [0.01, 0.05, 0.1, 0.25, 0.5, 1] as const;
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

const MAX_SEED = 2 ** 31 - 1;
const ms = (x: number) => (x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(1)} s`);

function randomSeed(): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return (value ?? 0) % (MAX_SEED + 1);
}

type Draft = { source: SandboxSpec['kind']; seed: string; rows: Record<string, string>; rate: number };

function draftOf(datasets: readonly SandboxDataset[], spec: SandboxSpec | null): Draft {
  const rows = spec?.kind === 'synthetic' ? spec.rows : {};
  return {
    source: spec?.kind ?? 'synthetic',
    seed: String(spec?.seed ?? 1),
    rows: Object.fromEntries(rootDatasets(datasets).map((d) => [d.name, String(rows[d.name] ?? defaultRows(d))])),
    rate: spec?.kind === 'sample' ? spec.rate : 0.1,
  };
}

function seedOf(draft: Draft): { ok: true; seed: number } | { ok: false; message: string } {
  const seed = Number(draft.seed);
  if (draft.seed.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    return { ok: false, message: `The seed is a whole number from 0 to ${formatCount(MAX_SEED)}.` };
  }
  return { ok: true, seed };
}

/** The spec the inputs describe, or the first reason they do not describe one. */
function specOf(draft: Draft): { ok: true; spec: SyntheticSpec } | { ok: false; message: string } {
  const seeded = seedOf(draft);
  if (!seeded.ok) return seeded;
  const seed = seeded.seed;
  const rows: Record<string, number> = {};
  for (const [name, text] of Object.entries(draft.rows)) {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_ROWS_PER_TABLE) {
      return { ok: false, message: `Rows in ${name}: a whole number from 0 to ${formatCount(MAX_ROWS_PER_TABLE)}.` };
    }
    rows[name] = n;
  }
  const parsed = SyntheticSpec.safeParse({ kind: 'synthetic', generatorVersion: GENERATOR_VERSION, seed, rows });
  return parsed.success ? { ok: true, spec: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid sandbox' };
}

/** The notebook's input data: synthetic (seed and row counts in) or a masked sample of production
 * (rate and seed in, drawn by the server); the tables with their content hashes out. */
export function SandboxPanel({ datasets, spec, state, canGenerate, canSample, onGenerate, onSample }: SandboxPanelProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(datasets, spec));
  // A spec that changes from outside (another revision loaded) replaces what the inputs show. Keyed on
  // content: the workbench passes a fresh default spec object on every render.
  const specKey = JSON.stringify(spec);
  const datasetKey = datasets.map((d) => d.name).join(',');
  const [shown, setShown] = useState(`${specKey}|${datasetKey}`);
  if (shown !== `${specKey}|${datasetKey}`) {
    setShown(`${specKey}|${datasetKey}`);
    setDraft(draftOf(datasets, spec));
  }

  const parsed = specOf(draft);
  const seeded = seedOf(draft);
  const sampling = draft.source === 'sample';
  // A sample table's download reports its share as a trailing percentage (lib/samples/sandbox.ts).
  const downloaded = state.kind === 'generating' ? /: (\d+)%$/.exec(state.step) : null;
  const problem = sampling ? (seeded.ok ? null : seeded.message) : parsed.ok ? null : parsed.message;
  const busy = state.kind === 'generating';
  const roots = rootDatasets(datasets);
  const children = datasets.filter((d) => !roots.includes(d));

  const newSeed = () => {
    if (!parsed.ok) return;
    const seed = randomSeed();
    setDraft((d) => ({ ...d, seed: String(seed) }));
    onGenerate({ ...parsed.spec, seed });
  };

  return (
    <section className="card" aria-label="Sandbox data" style={{ padding: '12px 16px', marginBottom: 16 }}>
      <form
        style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: 12 }}
        onSubmit={(event) => {
          event.preventDefault();
          if (sampling && seeded.ok) onSample({ rate: draft.rate, seed: seeded.seed });
          else if (!sampling && parsed.ok) onGenerate(parsed.spec);
        }}
      >
        <h2 style={{ alignSelf: 'center', marginRight: 8 }}>Sandbox data</h2>
        <label style={{ display: 'grid', gap: 2, fontSize: 12 }}>
          <span className="muted">Data</span>
          <select aria-label="Sandbox data source" value={draft.source} onChange={(event) => setDraft((d) => ({ ...d, source: event.target.value as Draft['source'] }))}>
            <option value="synthetic">Synthetic</option>
            <option value="sample" disabled={!canSample}>
              Sample of production
            </option>
          </select>
        </label>
        <label style={{ display: 'grid', gap: 2, fontSize: 12 }}>
          <span className="muted">Seed</span>
          <input
            type="number"
            aria-label="Seed"
            min={0}
            max={MAX_SEED}
            step={1}
            value={draft.seed}
            onChange={(event) => setDraft((d) => ({ ...d, seed: event.target.value }))}
            style={{ width: 130 }}
          />
        </label>
        {sampling && (
          <label style={{ display: 'grid', gap: 2, fontSize: 12 }}>
            <span className="muted">Rate</span>
            <select aria-label="Sample rate" value={draft.rate} onChange={(event) => setDraft((d) => ({ ...d, rate: Number(event.target.value) }))}>
              {SAMPLE_RATES.map((rate) => (
                <option key={rate} value={rate}>
                  {percent(rate)}
                </option>
              ))}
            </select>
          </label>
        )}
        {!sampling && roots.map((d) => (
          <label key={d.name} style={{ display: 'grid', gap: 2, fontSize: 12 }}>
            <span className="muted mono">{d.name}</span>
            <input
              type="number"
              aria-label={`Rows in ${d.name}`}
              min={0}
              max={MAX_ROWS_PER_TABLE}
              step={1}
              value={draft.rows[d.name] ?? ''}
              onChange={(event) => setDraft((current) => ({ ...current, rows: { ...current.rows, [d.name]: event.target.value } }))}
              style={{ width: 120 }}
            />
          </label>
        ))}
        {sampling ? (
          <button type="submit" className="primary" disabled={!canSample || busy || !seeded.ok}>
            Draw sample
          </button>
        ) : (
          <>
            <button type="submit" className="primary" disabled={!canGenerate || busy || !parsed.ok}>
              Generate
            </button>
            <button type="button" className="ghost" disabled={!canGenerate || busy || !parsed.ok} onClick={newSeed}>
              New seed
            </button>
          </>
        )}
      </form>
      {sampling && (
        <p className="muted" style={{ margin: '6px 0 0', fontSize: 12 }}>
          Drawn on the server from each dataset&apos;s current snapshot: {percent(draft.rate)} of each root dataset by a keyed hash of its key, the rows that
          reference them, and every row they reference. Masked by the catalog contracts (PII never leaves the warehouse as it is); same seed and snapshots,
          same sample.
        </p>
      )}
      {!sampling && children.length > 0 && (
        <p className="muted" style={{ margin: '6px 0 0', fontSize: 12 }}>
          {children.map((d) => {
            const synthetic = d.contract.synthetic;
            const per = synthetic && 'perParent' in synthetic ? synthetic.perParent : null;
            return per ? `${d.name}: ${per.min}–${per.max} per ${per.dataset} row. ` : '';
          })}
          Generated in DuckDB from the catalog contracts; same seed, same tables.
        </p>
      )}
      {!sampling && spec?.kind === 'synthetic' && spec.generatorVersion < GENERATOR_VERSION && (
        <p className="muted" role="note" aria-label="Generator version" style={{ margin: '6px 0 0', fontSize: 12 }}>
          These tables come from generator version {spec.generatorVersion}. Generate makes them with version {GENERATOR_VERSION}:{' '}
          {GENERATOR_VERSIONS.filter((v) => v > spec.generatorVersion)
            .map((v) => GENERATOR_CHANGES[v])
            .join('; ')}
          .
        </p>
      )}
      {problem !== null && (
        <p className="form-error" role="alert" style={{ margin: '8px 0 0' }}>
          {problem}
        </p>
      )}
      {state.kind === 'generating' && (
        <p role="status" className="muted" style={{ margin: '8px 0 0', display: 'flex', gap: 8, alignItems: 'center' }}>
          {state.step}…
          {downloaded && <progress aria-label="Sample download" max={100} value={Number(downloaded[1])} />}
        </p>
      )}
      {state.kind === 'error' && (
        <p role="alert" className="form-error" style={{ margin: '8px 0 0' }}>
          {state.message}
        </p>
      )}
      {state.kind === 'empty' && (
        <p className="muted" style={{ margin: '8px 0 0' }}>
          No sandbox data yet: choose a seed and row counts, then Generate.
        </p>
      )}
      {state.kind === 'ready' && (
        <table className="contract compact" aria-label="Generated tables" style={{ marginTop: 10 }}>
          <thead>
            <tr>
              <th scope="col">table</th>
              <th scope="col" style={{ textAlign: 'right' }}>rows</th>
              <th scope="col" style={{ textAlign: 'right' }} title="columns">
                cols
              </th>
              <th scope="col">hash</th>
              <th scope="col" style={{ textAlign: 'right' }}>time</th>
            </tr>
          </thead>
          <tbody>
            {state.tables.map((t) => (
              <tr key={t.name}>
                {/* A long dataset name wraps rather than pushing the table out of the panel. */}
                <td className="mono" style={{ overflowWrap: 'anywhere' }}>
                  {t.name}
                </td>
                <td style={{ textAlign: 'right' }}>{formatCount(t.rows)}</td>
                <td style={{ textAlign: 'right' }}>{t.columns}</td>
                <td className="mono" title={t.hash} style={{ fontSize: 11.5, whiteSpace: 'nowrap' }}>
                  {t.hash.replace(/^fp2:/, '').slice(0, 8)}
                </td>
                <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{ms(t.elapsedMs)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td className="muted" colSpan={4}>
                {formatCount(state.tables.reduce((sum, t) => sum + t.rows, 0))} rows in {state.tables.length} tables ·{' '}
                {spec?.kind === 'sample' ? `sample ${spec.sampleId} of production, ${percent(spec.rate)}, seed ${spec.seed}, masked` : `seed ${spec?.seed} · generator v${spec?.kind === 'synthetic' ? spec.generatorVersion : GENERATOR_VERSION}`}
              </td>
              <td className="muted" style={{ textAlign: 'right' }}>
                {ms(state.elapsedMs)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
