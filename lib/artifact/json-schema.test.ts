import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleArtifact } from './example';
import { artifactJsonSchema } from './json-schema';

const DOC = fileURLToPath(new URL('../../docs/artifact.md', import.meta.url));
const BLOCK = /(<!-- json-schema:start -->\n```json\n)[\s\S]*?(\n```\n<!-- json-schema:end -->)/u;

describe('the published JSON Schema', () => {
  // To refresh docs/artifact.md after changing lib/artifact/schema.ts:
  //   ARTIFACT_SCHEMA_WRITE=1 npx vitest run lib/artifact/json-schema.test.ts
  it('is pasted up to date in docs/artifact.md', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toMatch(BLOCK);
    const current = doc.replace(BLOCK, (_all, open: string, close: string) => open + JSON.stringify(artifactJsonSchema(), null, 2) + close);
    if (process.env.ARTIFACT_SCHEMA_WRITE === '1') {
      writeFileSync(DOC, current);
      return;
    }
    expect(doc === current, 'docs/artifact.md is stale: run ARTIFACT_SCHEMA_WRITE=1 npx vitest run lib/artifact/json-schema.test.ts').toBe(true);
  });

  it('describes the example artifact: required keys present, no key it does not know', () => {
    const schema = artifactJsonSchema() as { required: string[]; properties: Record<string, { required?: string[] }> };
    const example = exampleArtifact();
    expect(schema.required.sort()).toEqual(Object.keys(example).sort());
    expect(schema.properties.content?.required?.sort()).toEqual(Object.keys(example.content).sort());
    expect(schema.properties.annotations?.required?.sort()).toEqual(Object.keys(example.annotations).sort());
  });
});
