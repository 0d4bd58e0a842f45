import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, RETIRED_AUDIT_ACTIONS, REVIEW_ACTIONS } from './actions';

describe('audit actions', () => {
  it('names each review decision with an action from the list, a rejection as promotion.rejected', () => {
    expect(REVIEW_ACTIONS).toEqual({
      approve: 'promotion.approved',
      reject: 'promotion.rejected',
      request_changes: 'promotion.changes_requested',
      comment: 'promotion.commented',
    });
    for (const action of Object.values(REVIEW_ACTIONS)) expect(AUDIT_ACTIONS).toContain(action);
  });

  it('lists every action once, as <object>.<past tense>, and never a retired name', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
    for (const retired of RETIRED_AUDIT_ACTIONS) expect(AUDIT_ACTIONS).not.toContain(retired);
  });
});
