import { describe, expect, it } from 'vitest';
import { issuesInWords } from './submission-fields';
import { SubmitBody } from './types';

const body = (submission: unknown, pipeline: unknown = { name: 'revenue_daily' }) => ({ artifactId: 'a'.repeat(64), pipeline, submission });

describe('submit body problems in words', () => {
  it.each([
    [{ outputs: [], docs: {}, piiDeclarations: [], breaking: null }, undefined, ['Output models: choose at least one output model']],
    [{ outputs: ['m'], docs: {}, piiDeclarations: [{ model: 'people', reason: ' ' }], breaking: null }, undefined, ['Why people carries PII: say why the output carries PII']],
    [{ outputs: ['m'], docs: {}, piiDeclarations: [], breaking: { migrationNote: '' } }, undefined, ['Migration note: a breaking change needs a migration note']],
    [{ outputs: ['m'], docs: { m: { description: 'x'.repeat(2001), columns: {} } }, piiDeclarations: [], breaking: null }, undefined, ['Description of m: Too big: expected string to have <=2000 characters']],
    [{ outputs: ['m'], docs: {}, piiDeclarations: [], breaking: null }, { name: 'Bad Name' }, ['New pipeline name: a pipeline name: lower_snake_case, 2 to 63 characters']],
  ])('%j to %j', (submission, pipeline, expected) => {
    const parsed = SubmitBody.safeParse(body(submission, pipeline));
    expect(parsed.success).toBe(false);
    expect(issuesInWords(parsed.error!, submission as { piiDeclarations: { model: string }[] })).toEqual(expected);
  });
});
