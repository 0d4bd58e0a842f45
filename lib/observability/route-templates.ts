/**
 * Route templates for metric labels: a request's path is reported as the App Router file it hit
 * (`/api/experiments/[id]/replay`), never as the raw path, so label values stay bounded.
 */
export type RouteTemplate = { template: string; segments: string[] };

export function routeTemplate(dir: string): RouteTemplate {
  // Route groups `(name)` do not appear in URLs.
  const segments = dir.split('/').filter((s) => s && !/^\(.*\)$/.test(s));
  return { template: `/${segments.join('/')}`, segments };
}

const isDynamic = (s: string) => s.startsWith('[') && s.endsWith(']');
const isCatchAll = (s: string) => s.startsWith('[...') || s.startsWith('[[...');

/** The most specific template that matches `pathname` (static segments beat dynamic ones), or null. */
export function matchRoute(templates: readonly RouteTemplate[], pathname: string): string | null {
  const parts = pathname.split('/').filter(Boolean);
  let best: { template: string; score: number } | null = null;
  for (const t of templates) {
    const score = matchScore(t.segments, parts);
    if (score !== null && (!best || score > best.score)) best = { template: t.template, score };
  }
  return best?.template ?? null;
}

function matchScore(segments: string[], parts: string[]): number | null {
  let score = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (isCatchAll(s)) return parts.length > i || s.startsWith('[[') ? score : null;
    const part = parts[i];
    if (part === undefined) return null;
    if (isDynamic(s)) score += 1;
    else if (s === part) score += 2;
    else return null;
  }
  return parts.length === segments.length ? score : null;
}
