import 'server-only';
import { appendFile } from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import type { OpenLineageConfig } from '@/lib/server/config';
import type { Db } from '@/lib/server/db/client';
import { lineageEvents } from '@/lib/server/db/schema';
import type { Job } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { observeOpenLineage, type OpenLineageOutcome } from '@/lib/server/observability/metrics';

/** An endpoint gets this long to answer one event; then the attempt counts as unreachable. */
export const DELIVERY_TIMEOUT_MS = 5_000;

type Payload = { eventId: number };

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly outcome: Exclude<OpenLineageOutcome, 'delivered'>,
  ) {
    super(message);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function post(config: OpenLineageConfig, body: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(config.url!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}) },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new DeliveryError(timedOut ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : `unreachable: ${messageOf((error as { cause?: unknown }).cause ?? error)}`, 'unreachable');
  }
  // The body is not needed; reading it frees the connection.
  await response.arrayBuffer().catch(() => {});
  if (!response.ok) throw new DeliveryError(`${response.status} ${response.statusText}`.trim(), 'refused');
}

async function append(config: OpenLineageConfig, line: string): Promise<void> {
  try {
    await appendFile(config.file!, `${line}\n`, 'utf8');
  } catch (error) {
    throw new DeliveryError(`writing ${config.file} failed: ${messageOf(error)}`, 'unreachable');
  }
}

/**
 * Delivers one outbox row to its target: POSTs it as JSON, or appends it to the NDJSON file as one
 * line. A refused or failed attempt is recorded on the row (attempts, last_error) before the job
 * throws, so the run page shows it while the retries are still to come; the queue's back-off retries
 * it; once they are used up `fail` marks the row given up. Runs on the delivery lane only.
 */
export function openLineageDeliveryHandler(db: Db, config: OpenLineageConfig | undefined): JobHandler<{ attempted: boolean }> {
  return {
    async run(job: Job) {
      const { eventId } = job.payload as Payload;
      const [row] = await db.select().from(lineageEvents).where(eq(lineageEvents.id, eventId));
      if (!row || row.deliveredAt) return { attempted: false };
      const target = row.target === 'http' ? config?.url : config?.file;
      if (!config || !target) throw new Error(`OpenLineage ${row.target === 'http' ? 'ASSAY_OPENLINEAGE_URL' : 'ASSAY_OPENLINEAGE_FILE'} is no longer set: the event cannot be delivered`);
      try {
        const text = JSON.stringify(row.event);
        await (row.target === 'http' ? post(config, text) : append(config, text));
      } catch (error) {
        const outcome = error instanceof DeliveryError ? error.outcome : 'unreachable';
        observeOpenLineage(row.eventType, outcome);
        await db.update(lineageEvents).set({ attempts: sql`${lineageEvents.attempts} + 1`, lastError: messageOf(error).slice(0, 500) }).where(eq(lineageEvents.id, eventId));
        throw error;
      }
      observeOpenLineage(row.eventType, 'delivered');
      return { attempted: true };
    },

    async commit(tx, job, { attempted }) {
      if (!attempted) return;
      const { eventId } = job.payload as Payload;
      await tx.update(lineageEvents).set({ attempts: sql`${lineageEvents.attempts} + 1`, deliveredAt: sql`now()` }).where(eq(lineageEvents.id, eventId));
    },

    async fail(tx, job, error) {
      const { eventId } = job.payload as Payload;
      // The last attempt's error is on the row already; a job abandoned by dying workers brings its own.
      await tx.update(lineageEvents).set({ gaveUpAt: sql`now()`, lastError: sql`coalesce(${lineageEvents.lastError}, ${error.slice(0, 500)})` }).where(eq(lineageEvents.id, eventId));
    },
  };
}
