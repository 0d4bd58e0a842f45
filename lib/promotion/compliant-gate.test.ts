import { describe, expect, it } from 'vitest';
import type { ArtifactContent } from '@/lib/artifact/schema';
import type { PipelineLineage } from '@/lib/lineage/types';
import { compliantGate } from './gates';
import type { PromotionSubmission } from './types';

const lineage: PipelineLineage = {
  version: 1,
  duckdbVersion: 'v1.4.3',
  elapsedMs: 1,
  sources: [{ name: 'customers', columns: [{ name: 'customer_id', type: 'BIGINT', sensitivity: 'internal', masking: 'none' }, { name: 'email', type: 'VARCHAR', sensitivity: 'pii', masking: 'hash' }] }],
  models: [
    {
      model: 'contacts',
      reads: ['customers'],
      schema: [{ name: 'customer_id', type: 'BIGINT' }, { name: 'email', type: 'VARCHAR' }],
      columns: [
        { name: 'customer_id', direct: [{ table: 'customers', column: 'customer_id' }], indirect: [], unknown: null },
        { name: 'email', direct: [{ table: 'customers', column: 'email' }], indirect: [], unknown: null },
      ],
      verified: true,
      error: null,
    },
    {
      model: 'ids',
      reads: ['contacts'],
      schema: [{ name: 'customer_id', type: 'BIGINT' }],
      columns: [{ name: 'customer_id', direct: [{ table: 'contacts', column: 'customer_id' }], indirect: [{ table: 'contacts', column: 'email' }], unknown: null }],
      verified: true,
      error: null,
    },
  ],
};

// The gate reads only the models' output schemas from the artifact.
const content = { models: lineage.models.map((m) => ({ name: m.model, schema: m.schema })) } as unknown as ArtifactContent;
const submission = (piiDeclarations: PromotionSubmission['piiDeclarations'] = []): PromotionSubmission => ({ outputs: lineage.models.map((m) => m.model), docs: {}, piiDeclarations, breaking: null });

describe('the compliant gate at column level', () => {
  it('fails for an output column carrying PII unmasked and undeclared, naming the column path', () => {
    const result = compliantGate(content, lineage, submission());
    expect(result).toMatchObject({ status: 'fail', summary: 'outputs carry PII unmasked without a declaration: customers.email → contacts.email', piiDeclared: false });
  });

  it('passes a declared PII output (a steward must approve)', () => {
    expect(compliantGate(content, lineage, submission([{ model: 'contacts', reason: 'Support.' }]))).toMatchObject({ status: 'pass', piiDeclared: true });
  });

  it('fails closed for a model the lineage does not cover', () => {
    const other = { models: [{ name: 'mystery', schema: [{ name: 'x', type: 'VARCHAR' }] }] } as unknown as ArtifactContent;
    expect(compliantGate(other, lineage, submission()).summary).toBe('outputs carry PII unmasked without a declaration: customers.email → mystery.x (lineage unknown)');
  });

  it('checks only the chosen output models: one that drops the PII column needs no declaration', () => {
    const result = compliantGate(content, lineage, submission(), ['ids']);
    expect(result).toMatchObject({ status: 'pass', piiDeclared: false, evidence: [{ model: 'ids', columns: [], declared: null, lineage: 'verified' }] });
  });
});
