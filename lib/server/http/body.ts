import 'server-only';
import { AppError } from '@/lib/errors';

/** Deeper than any body Assay reads (an artifact is about ten levels); far below what would overflow
 * the stack of JSON.stringify or a recursive walk later. */
export const MAX_JSON_DEPTH = 64;

type Issue = { path: string; message: string };

function refuse(issue: Issue): never {
  throw new AppError('invalid_body', `${issue.path || 'body'}: ${issue.message}`, { issues: [issue] });
}

const shown = (path: (string | number)[]) => (path.length > 12 ? [...path.slice(0, 12), '…'] : path).join('.');

/**
 * Walks a parsed body once, without recursion, and refuses what would reach the database as a 500:
 * a NUL character in any string or key (PostgreSQL text and jsonb cannot hold one) and nesting deeper
 * than MAX_JSON_DEPTH. The first offender is named by its path, as zod names a field.
 */
export function assertStorableJson(value: unknown): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) refuse({ path: shown(path), message: 'contains a NUL character (\\u0000), which cannot be stored' });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_JSON_DEPTH) refuse({ path: shown(path), message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      if (key.includes('\u0000')) refuse({ path: shown([...path, key.replaceAll('\u0000', '\\u0000')]), message: 'the key contains a NUL character (\\u0000), which cannot be stored' });
      stack.push({ value: child, path: [...path, key] });
    }
  }
}

/** Query parameters reach SQL filters too: the same NUL rule, naming the parameter. */
export function assertStorableQuery(url: URL): void {
  for (const [name, value] of url.searchParams) {
    if (value.includes('\u0000') || name.includes('\u0000')) {
      throw new AppError('invalid_body', `${name.replaceAll('\u0000', '\\u0000')}: the query parameter contains a NUL character (\\u0000)`, { issues: [{ path: name, message: 'contains a NUL character' }] });
    }
  }
}
