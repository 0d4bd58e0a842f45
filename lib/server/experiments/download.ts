import 'server-only';
import type { Artifact } from '@/lib/artifact/schema';
import type { Experiment } from './experiments';

/** The artifact as a JSON file: exactly what `npx assay replay <file>` reads and POST /api/experiments
 * accepts; the id is the sha-256 of its canonical `content`, so the file proves itself. */
export function artifactDownload(experiment: Experiment): Response {
  const artifact: Artifact = { format: experiment.format as Artifact['format'], content: experiment.content, annotations: experiment.annotations };
  return new Response(`${JSON.stringify(artifact, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="experiment-${experiment.id.slice(0, 12)}.json"`,
      'cache-control': 'no-store',
    },
  });
}
