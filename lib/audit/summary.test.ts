import { describe, expect, it } from 'vitest';
import { summarizeAuditEvent, type SummarizedEvent } from './summary';

const names: Record<string, string> = { usr_rita: 'Rita Reviewer', usr_sam: 'Sam Steward', usr_ana: 'Ana Analyst' };
const nameOf = (id: string) => names[id] ?? id;
const event = (action: string, objectType: string, objectId: string, details: Record<string, unknown> = {}): SummarizedEvent => ({ action, objectType, objectId, details });

describe('audit event summaries', () => {
  it.each([
    [event('auth.sign_in', 'user', 'usr_ana'), 'signed in'],
    [event('user.role_granted', 'user', 'usr_sam', { role: 'steward' }), 'granted the role steward to Sam Steward'],
    [event('notebook.renamed', 'notebook', 'nb_1', { from: 'Draft', to: 'Repeat buyers' }), 'renamed notebook “Draft” to “Repeat buyers”'],
    [event('notebook.saved', 'notebook', 'nb_1', { revision: 4 }), 'saved revision 4 of notebook nb_1'],
    [
      event('pipeline.promoted', 'pipeline', 'pl_1', { version: 2, from: 1, approvers: ['usr_rita', 'usr_sam'] }),
      'promoted version 2 of pipeline pl_1 to production (was version 1), approved by Rita Reviewer and Sam Steward',
    ],
    [
      event('promotion.gates_finished', 'promotion', 'pr_1', { passed: 'no', gates: { reproducible: 'pass', documented: 'fail' } }),
      'ran the gates of promotion pr_1: failed (reproducible pass, documented fail)',
    ],
    [event('experiment.recorded', 'experiment', 'a'.repeat(64), { title: 'Churn', revision: 3, notebookId: 'nb_1' }), 'recorded experiment “Churn” from revision 3 of notebook nb_1'],
    [event('experiment.archived', 'experiment', 'b'.repeat(64)), `archived experiment ${'b'.repeat(12)}…`],
  ])('reads %j as a sentence', (e, sentence) => {
    expect(summarizeAuditEvent(e, nameOf)).toBe(sentence);
  });

  it('names an unknown action with its details instead of hiding it', () => {
    expect(summarizeAuditEvent(event('source.loaded', 'dataset', 'orders', { rows: 12, snapshot: 's_1' }), nameOf)).toBe('source.loaded on dataset orders (rows 12, snapshot s_1)');
  });

  it('falls back to the id for a user it does not know', () => {
    expect(summarizeAuditEvent(event('pipeline.promoted', 'pipeline', 'pl_1', { version: 1, approvers: ['usr_gone'] }), nameOf)).toBe('promoted version 1 of pipeline pl_1 to production, approved by usr_gone');
  });
});
