import { describe, expect, it } from 'vitest';
import { matchRoute, routeTemplate } from './route-templates';

const templates = ['api/experiments', 'api/experiments/[id]', 'api/experiments/[id]/replay', 'api/experiments/compare', 'api/auth/[...all]', '(group)/metrics'].map(routeTemplate);

describe('matchRoute', () => {
  it.each([
    ['/api/experiments', '/api/experiments'],
    ['/api/experiments/abc123', '/api/experiments/[id]'],
    ['/api/experiments/compare', '/api/experiments/compare'],
    ['/api/experiments/abc/replay', '/api/experiments/[id]/replay'],
    ['/api/auth/sign-in/email', '/api/auth/[...all]'],
    ['/metrics', '/metrics'],
  ])('%s → %s', (path, template) => expect(matchRoute(templates, path)).toBe(template));

  it('gives null for a path no route serves, so it is counted as unmatched, not by its raw text', () => {
    expect(matchRoute(templates, '/api/experiments/a/b/c')).toBeNull();
    expect(matchRoute(templates, '/api/auth')).toBeNull();
  });
});
