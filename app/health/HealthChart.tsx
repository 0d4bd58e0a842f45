'use client';

import { VegaChart } from '@/app/_components/VegaChart';

/** One Vega-Lite chart of rows the server already aggregated; `spec` without its data. */
export function HealthChart({ label, spec, values }: { label: string; spec: Record<string, unknown>; values: Record<string, unknown>[] }) {
  return <VegaChart label={label} caption={label} spec={{ width: 'container', height: 160, ...spec, data: { values } }} />;
}
