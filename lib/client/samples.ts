import { SampleManifest, type SampleRequest } from '@/lib/samples/manifest';
import type { SampleSource } from '@/lib/samples/sandbox';
import type { SampleSpec } from '@/lib/synth/spec';
import { api, ApiError } from './api';

type Status = { status: 'ready'; manifest: unknown } | { status: 'drawing' } | { status: 'failed'; error: string };

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's samples as the browser fetches them: a table streams in with its progress. */
export const serverSamples: SampleSource = {
  async manifest(id) {
    const status = await api<Status>(`/api/samples/${id}`);
    if (status.status !== 'ready') throw new Error(status.status === 'failed' ? `sample ${id} could not be drawn: ${status.error}` : `sample ${id} is still being drawn`);
    return SampleManifest.parse(status.manifest);
  },
  async table(id, table, onBytes) {
    const response = await fetch(`/api/samples/${id}/tables/${table.name}`);
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `fetching ${table.name} failed with status ${response.status}`);
    }
    const bytes = new Uint8Array(table.bytes);
    let received = 0;
    // The server sends the table's gzip file as it is: inflated here, as it arrives.
    const reader = response.body.pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.length > bytes.length) throw new Error(`${table.name}: the server sent more than the ${table.bytes} bytes its manifest says`);
      bytes.set(value, received);
      received += value.length;
      onBytes?.(received);
    }
    if (received !== bytes.length) throw new Error(`${table.name}: ${received} of ${table.bytes} bytes arrived`);
    return bytes;
  },
};

/** Asks the server for a sample and waits while it is drawn; the spec that names it. */
export async function drawSample(request: SampleRequest, onProgress?: (step: string) => void): Promise<SampleSpec> {
  onProgress?.(`Drawing a ${request.rate * 100}% sample of production on the server`);
  const { sampleId } = await api<{ sampleId: string; status: 'ready' | 'drawing' }>('/api/samples', { method: 'POST', body: request });
  for (;;) {
    const status = await api<Status>(`/api/samples/${sampleId}`);
    if (status.status === 'ready') return { kind: 'sample', sampleId, seed: request.seed, rate: request.rate };
    if (status.status === 'failed') throw new Error(`the sample could not be drawn: ${status.error}`);
    await sleep(POLL_MS);
  }
}
