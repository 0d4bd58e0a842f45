'use client';

import { useMemo } from 'react';
import { ResultGrid, type RemoteRows } from '@/app/_components/ResultGrid';
import { api } from '@/lib/client/api';
import type { Column } from '@/lib/engine/types';
import type { GridSort } from '@/lib/grid/page-query';

const query = (sort: GridSort, extra: Record<string, string>) => new URLSearchParams({ ...extra, ...(sort ? { sort: sort.column, dir: sort.direction } : {}) }).toString();

/** A production model in the notebook's virtualised grid, its pages read through the models API. */
export function ProductionGrid({ pipelineId, model, columns, rowCount, publishId }: { pipelineId: string; model: string; columns: Column[]; rowCount: number; publishId: number }) {
  const remote = useMemo<RemoteRows>(() => {
    const path = `/api/pipelines/${encodeURIComponent(pipelineId)}/models/${encodeURIComponent(model)}`;
    return {
      async fetch(sort, offset, limit) {
        const page = await api<{ rows: (string | null)[][] }>(`${path}?${query(sort, { offset: String(offset), limit: String(limit) })}`);
        return page.rows;
      },
      csvHref: (sort) => `${path}?${query(sort, { format: 'csv' })}`,
    };
  }, [pipelineId, model]);
  return <ResultGrid remote={remote} table={model} columns={columns} rowCount={rowCount} runId={publishId} label={`Production rows of ${model}`} />;
}
