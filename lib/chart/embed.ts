import type { EmbedOptions } from 'vega-embed';
import type { Loader } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import type { ChartSpec } from './spec';

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`charts may not load ${what}: Assay runs without network access`));
}

/** Vega's loader, for a chart that must load nothing: the spec is validated, but this is the last
 * line, so an overlooked way to name a URL (a new Vega-Lite feature, a config string) still fails
 * loudly instead of leaving the machine. */
export const offlineLoader: Loader = {
  load: (uri) => refuse(JSON.stringify(uri)),
  sanitize: (uri) => refuse(JSON.stringify(uri)),
  http: (uri) => refuse(JSON.stringify(uri)),
  file: (filename) => refuse(JSON.stringify(filename)),
};

/** Options for vega-embed: no actions menu (its "Open in Vega Editor" posts to vega.github.io), SVG,
 * the offline loader, and the spec read as Vega-Lite whatever its `$schema` says. Expressions are
 * interpreted from their AST instead of compiled with `new Function`, so the page's Content Security
 * Policy needs no 'unsafe-eval' (docs/security.md). */
export const EMBED_OPTIONS: EmbedOptions = {
  actions: false,
  ast: true,
  expr: expressionInterpreter,
  renderer: 'svg',
  mode: 'vega-lite',
  loader: offlineLoader,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Categories on an axis follow the model's row order unless the spec chooses a sort (Vega-Lite's own
 * default is alphabetical, which hides an ORDER BY the analyst wrote). */
function inDataOrder(encoding: unknown): unknown {
  if (!isObject(encoding)) return encoding;
  const out: Record<string, unknown> = { ...encoding };
  for (const channel of ['x', 'y']) {
    const def = out[channel];
    if (isObject(def) && (def.type === 'nominal' || def.type === 'ordinal') && !('sort' in def)) out[channel] = { ...def, sort: null };
  }
  return out;
}

/** The stored spec with the model's rows as its data, as wide as its cell unless it sets a width, and
 * categories in the data's order unless it sorts them. `$schema` is dropped (vega-embed would pick the
 * library from it) and so are usermeta's embedOptions (vega-embed merges them over ours, and they can
 * name a config or patch URL). */
export function embeddableSpec(spec: ChartSpec, values: readonly Record<string, unknown>[]): ChartSpec {
  const { $schema: _schema, usermeta, ...rest } = spec;
  const kept: ChartSpec = { width: 'container', ...rest, data: { values } };
  if ('encoding' in rest) kept.encoding = inDataOrder(rest.encoding);
  if (Array.isArray(rest.layer)) kept.layer = rest.layer.map((layer: unknown) => (isObject(layer) && 'encoding' in layer ? { ...layer, encoding: inDataOrder(layer.encoding) } : layer));
  if (typeof usermeta === 'object' && usermeta !== null && !Array.isArray(usermeta)) {
    const { embedOptions: _embedOptions, ...otherMeta } = usermeta as Record<string, unknown>;
    if (Object.keys(otherMeta).length > 0) kept.usermeta = otherMeta;
  }
  return kept;
}
