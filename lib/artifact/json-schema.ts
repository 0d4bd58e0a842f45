import { z } from 'zod';
import { ARTIFACT_FORMAT, Artifact } from './schema';

/** The artifact format as JSON Schema (draft 2020-12), for readers outside TypeScript. Checks that JSON
 * Schema cannot say (cross-field references, the 5 MB bound, unique tags) are only in the zod schema. */
export function artifactJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Artifact, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }),
    title: `Assay experiment artifact (${ARTIFACT_FORMAT})`,
  };
}
