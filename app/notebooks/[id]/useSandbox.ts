'use client';

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Engine } from '@/lib/engine/types';
import { upstreamOf } from '@/lib/notebook/graph';
import type { NotebookRunner, RunRequest } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import type { CheckResult } from '@/lib/quality/checks';
import { drawSample, serverSamples } from '@/lib/client/samples';
import type { SampleRequest } from '@/lib/samples/manifest';
import { buildSandbox } from '@/lib/samples/sandbox';
import type { SandboxDataset } from '@/lib/synth';
import type { SandboxSpec } from '@/lib/synth/spec';
import type { SandboxState } from './SandboxPanel';
import type { Relation } from './SchemaBrowser';

type Options = {
  engine: Engine | null;
  datasets: SandboxDataset[];
  /** The spec saved with the notebook: rebuilt once when the page opens. */
  saved: SandboxSpec | null;
  runner: NotebookRunner<CheckResult>;
  /** The cells and mode as the page holds them now. */
  latest: RefObject<{ cells: Cell[]; reactive: boolean }>;
  /** Written here: the names of the sources in the engine. */
  sourceNames: RefObject<ReadonlySet<string>>;
  run(request: RunRequest): Promise<void>;
};

/**
 * The sandbox data in the engine: builds it from a spec — generated, or a sample fetched from the
 * server (deterministic either way, so the saved one is rebuilt on open), tells the runner its sources changed, and re-runs (reactive) or re-analyses (manual) after.
 */
export function useSandbox({ engine, datasets, saved, runner, latest, sourceNames, run }: Options) {
  const [state, setState] = useState<SandboxState>({ kind: 'empty' });
  const [sources, setSources] = useState<Relation[]>([]);
  // Settles once the sandbox being built is in the engine (and, in reactive mode, the notebook has run on
  // it): a run asked for meanwhile waits, so it reads the new sources instead of failing on missing ones.
  const built = useRef<Promise<unknown>>(Promise.resolve());

  const build = useCallback(
    async (spec: SandboxSpec, engineNow: Engine) => {
      setState({ kind: 'generating', step: 'starting' });
      try {
        const generated = await buildSandbox(engineNow, datasets, spec, { samples: serverSamples, onProgress: (step: string) => setState({ kind: 'generating', step }) });
        setState({ kind: 'ready', ...generated });
        const contracts = new Map(datasets.map((d) => [d.name, d.contract]));
        const relations: Relation[] = generated.tables.map((t) => ({
          name: t.name,
          kind: 'source',
          columns: (contracts.get(t.name)?.columns ?? []).map((c) => ({ name: c.name, type: c.type, sensitivity: c.sensitivity })),
        }));
        setSources(relations);
        sourceNames.current = new Set(relations.map((r) => r.name));
        runner.invalidateSources();
        if (latest.current.reactive) await run({ targets: 'all', downstream: true });
        else await runner.analyze(latest.current.cells, sourceNames.current);
      } catch (error) {
        setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [datasets, runner, run, latest, sourceNames],
  );

  /** Builds the sandbox (never rejects: a failure is shown in the panel) and holds runs until it is in. */
  const generate = useCallback(
    (spec: SandboxSpec, engineNow: Engine) => {
      const done = build(spec, engineNow);
      built.current = done;
      return done;
    },
    [build],
  );

  // On open: rebuild the saved sandbox, then run everything once. `opening` settles when that is over.
  const [opening] = useState(() => {
    let settle = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    return { done, settle };
  });
  const opened = useRef(false);
  useEffect(() => {
    if (engine === null || opened.current) return;
    opened.current = true;
    if (saved === null) {
      void run({ targets: 'all', downstream: true }).finally(opening.settle);
      return;
    }
    let settle: (generation: Promise<void>) => void = () => {};
    built.current = new Promise<void>((resolve) => (settle = resolve));
    void (async () => {
      try {
        // Cells that need no source show their results before the sandbox is built.
        const graph = await runner.analyze(latest.current.cells, new Set(datasets.map((d) => d.name)));
        const independent = graph.order.filter((id) =>
          upstreamOf(graph, [id]).every((up) => {
            const node = graph.nodes.get(up);
            return node !== undefined && node.sources.length === 0 && node.error === null && node.warning === null;
          }),
        );
        if (independent.length > 0) await run({ targets: independent, downstream: false });
      } finally {
        const generation = generate(saved, engine);
        settle(generation);
        void generation.finally(opening.settle);
      }
    })();
  }, [engine, saved, datasets, runner, generate, run, latest, opening]);

  /** Asks the server for a sample and waits while it is drawn; null (the panel says why) if it fails. */
  const sample = useCallback(async (request: SampleRequest): Promise<SandboxSpec | null> => {
    setState({ kind: 'generating', step: 'Asking the server for a sample' });
    try {
      return await drawSample(request, (step) => setState({ kind: 'generating', step }));
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }, []);

  const whenBuilt = useCallback(() => built.current, []);
  return { state, sources, generate, sample, whenBuilt, whenOpened: opening.done };
}
