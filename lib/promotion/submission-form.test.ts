import { describe, expect, it } from 'vitest';
import { fillEmpty, initialForm, type EarlierSubmission, type FormInput } from './submission-form';

const models: FormInput['models'] = [
  { name: 'clean_orders', schema: [{ name: 'order_id' }] },
  { name: 'revenue', schema: [{ name: 'category' }, { name: 'total' }] },
];
const production = { id: 'pl_1', name: 'revenue_daily', currentVersion: 1, outputs: ['revenue'], docs: { revenue: { description: 'Revenue per category.', columns: { category: { description: 'The category.', nullable: false } } } } };
const earlier: EarlierSubmission = {
  requestId: 'pr_1',
  pipelineId: 'pl_2',
  status: 'gates_failed',
  open: true,
  number: 1,
  submission: { outputs: ['revenue', 'clean_orders'], docs: { revenue: { description: 'From my first try.', columns: { total: { description: 'Sum.', nullable: true } } } }, piiDeclarations: [], breaking: { migrationNote: 'Read total.' } },
};
const input: FormInput = { models, pipelines: [production, { id: 'pl_2', name: 'other', currentVersion: null, docs: {}, outputs: null }], earlier: [earlier] };

describe('the submit form starts from what is known', () => {
  it('takes outputs and docs from production, then fills the rest from earlier submissions', () => {
    const form = initialForm(input, 'pl_1');
    expect(form.outputs).toEqual(['revenue']);
    expect(form.docs.revenue).toEqual({ description: 'Revenue per category.', columns: { category: { description: 'The category.', nullable: false }, total: { description: 'Sum.', nullable: true } } });
    expect(form.breaking).toBeNull();
  });

  it('takes everything from the earlier submission to the same pipeline first', () => {
    const form = initialForm(input, 'pl_2');
    expect(form.outputs).toEqual(['revenue', 'clean_orders']);
    expect(form.docs.revenue?.description).toBe('From my first try.');
    expect(form.breaking).toBe('Read total.');
  });

  it('keeps what the user typed when another pipeline fills the empty fields', () => {
    const typed = { ...initialForm({ ...input, pipelines: [], earlier: [] }, 'new').docs };
    typed.revenue = { description: 'Typed by hand.', columns: { category: { description: '', nullable: true }, total: { description: 'Typed too.', nullable: true } } };
    expect(fillEmpty(typed, production.docs).revenue).toEqual({
      description: 'Typed by hand.',
      columns: { category: { description: 'The category.', nullable: false }, total: { description: 'Typed too.', nullable: true } },
    });
  });
});
