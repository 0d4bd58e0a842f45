import type { ZodError } from 'zod';

type Path = readonly PropertyKey[];
type Context = { piiDeclarations?: readonly { model: string }[] };

/** A person's name for a field of the submit body, instead of `submission.piiDeclarations.0.reason`. */
export function fieldLabel(path: Path, context: Context = {}): string {
  const [head, ...rest] = path[0] === 'submission' ? path.slice(1) : path;
  switch (head) {
    case 'artifactId':
      return 'Experiment';
    case 'pipeline':
      return rest[0] === 'name' ? 'New pipeline name' : 'Pipeline';
    case 'outputs':
      return 'Output models';
    case 'docs': {
      const [model, part, column] = rest.map(String);
      if (model === undefined) return 'Descriptions';
      if (part === 'columns' && column !== undefined) return `Description of ${model}.${column}`;
      return `Description of ${model}`;
    }
    case 'piiDeclarations': {
      const model = typeof rest[0] === 'number' ? context.piiDeclarations?.[rest[0]]?.model : undefined;
      return model ? `Why ${model} carries PII` : 'PII declarations';
    }
    case 'breaking':
      return 'Migration note';
    default:
      return 'The submission';
  }
}

/** Each problem once, as "Field: what is wrong". */
export function issuesInWords(error: ZodError, context: Context = {}): string[] {
  return [...new Set(error.issues.map((issue) => `${fieldLabel(issue.path, context)}: ${issue.message}`))];
}
