import { MASKING_FUNCTIONS } from './resolve';
import type { ModelLineage, PipelineLineage } from './types';

/** A sensitive source column whose value reaches a model column, unmasked, and the way it gets there. */
export type CarriedSensitivity = {
  /** `customers.email` */
  origin: string;
  sensitivity: 'pii' | 'secret';
  /** `customers.email → stage.contact → report.contact` */
  path: string;
  /** Reached through a column whose lineage is unknown (fail closed), not through a known flow. */
  unknown: boolean;
};

const UNKEYED_HASHES = new Set(['md5', 'sha256', 'sha1']);

/** A masking function clears a value when it is the server's keyed HMAC, or an unkeyed hash where the
 * source column's masking rule is `hash` (a steward accepted that for this column). */
export function maskingClears(maskedBy: string | undefined, originMasking: string): boolean {
  if (!maskedBy || !MASKING_FUNCTIONS.has(maskedBy)) return false;
  return !UNKEYED_HASHES.has(maskedBy) || originMasking === 'hash';
}

/**
 * Sensitivity along direct lineage: for every model column, the `pii`/`secret` source columns whose
 * values reach it without a masking function that counts. A column with unknown lineage (or of a model
 * the analysis could not verify) carries every sensitive column its model reads, transitively.
 */
export function sensitivityOf(lineage: PipelineLineage): (model: string, column: string) => CarriedSensitivity[] {
  const sources = new Map(lineage.sources.map((s) => [s.name, new Map(s.columns.map((c) => [c.name, c]))]));
  const models = new Map(lineage.models.map((m) => [m.model, m]));
  const memo = new Map<string, CarriedSensitivity[]>();

  function everything(model: ModelLineage, visiting: Set<string>): CarriedSensitivity[] {
    const reads = model.readsUnknown ? [...sources.keys(), ...[...models.keys()].filter((m) => m !== model.model)] : model.reads;
    return reads.flatMap((table) => {
      const source = sources.get(table);
      if (source) return [...source.keys()].flatMap((column) => carried(table, column, visiting));
      const upstream = models.get(table);
      if (!upstream) return [];
      return upstream.columns.length > 0 ? upstream.columns.flatMap((c) => carried(table, c.name, visiting)) : everything(upstream, visiting);
    });
  }

  function carried(table: string, column: string, visiting: Set<string>): CarriedSensitivity[] {
    const key = `${table}.${column}`;
    const known = memo.get(key);
    if (known) return known;
    const source = sources.get(table);
    if (source) {
      const contract = source.get(column);
      const sensitive = contract && (contract.sensitivity === 'pii' || contract.sensitivity === 'secret') ? contract.sensitivity : null;
      return sensitive ? [{ origin: key, sensitivity: sensitive, path: key, unknown: false }] : [];
    }
    const model = models.get(table);
    // Not analysed at all (nothing should get here): it may carry any sensitive source column.
    if (!model) return [...sources.keys()].flatMap((t) => [...sources.get(t)!.keys()].flatMap((c) => carried(t, c, visiting))).map((c) => ({ ...c, path: `${c.path} → ${key}`, unknown: true }));
    if (visiting.has(key)) return [];
    visiting.add(key);
    const lineageColumn = model.columns.find((c) => c.name === column);
    let found: CarriedSensitivity[];
    if (!lineageColumn || lineageColumn.unknown !== null) {
      found = everything(model, visiting).map((c) => ({ ...c, unknown: true }));
    } else {
      found = lineageColumn.direct.flatMap((input) =>
        carried(input.table, input.column, visiting).filter((c) => !maskingClears(input.maskedBy, sources.get(c.origin.split('.')[0]!)?.get(c.origin.slice(c.origin.indexOf('.') + 1))?.masking ?? 'none')),
      );
    }
    visiting.delete(key);
    const byOrigin = new Map<string, CarriedSensitivity>();
    for (const c of found) {
      const had = byOrigin.get(c.origin);
      // A known path beats an unknown one, a shorter one a longer one: the evidence names the clearest.
      if (!had || (had.unknown && !c.unknown) || (had.unknown === c.unknown && c.path.length < had.path.length)) byOrigin.set(c.origin, c);
    }
    const result = [...byOrigin.values()].map((c) => ({ ...c, path: `${c.path} → ${key}` })).sort((a, b) => a.origin.localeCompare(b.origin));
    memo.set(key, result);
    return result;
  }

  return (model, column) => carried(model, column, new Set());
}
