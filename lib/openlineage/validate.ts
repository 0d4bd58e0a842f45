// For tests only (ajv is a devDependency): validates an event against the vendored OpenLineage schemas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RunEvent } from './types';

const SCHEMA_DIR = join(process.cwd(), 'lib/openlineage/schema');
const FACETS = {
  schema: 'SchemaDatasetFacet',
  columnLineage: 'ColumnLineageDatasetFacet',
  dataQualityAssertions: 'DataQualityAssertionsDatasetFacet',
  errorMessage: 'ErrorMessageRunFacet',
  jobType: 'JobTypeJobFacet',
} as const;

type Validator = (data: unknown) => string[];

let validators: { event: Validator; facets: Record<keyof typeof FACETS, Validator> } | null = null;

function load() {
  if (validators) return validators;
  // strict: false because the spec uses the annotation keyword `example`, which ajv does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const read = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, `${file}.json`), 'utf8')) as { $id: string };
  // Every schema under its own $id: the facets' $refs to OpenLineage.json resolve here, never over the network.
  const core = read('OpenLineage');
  ajv.addSchema(core);
  const ids = Object.fromEntries(Object.entries(FACETS).map(([key, file]) => {
    const schema = read(file);
    ajv.addSchema(schema);
    return [key, `${schema.$id}#/$defs/${file}`];
  })) as Record<keyof typeof FACETS, string>;
  const validator = (ref: string): Validator => {
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`schema ${ref} is not vendored`);
    return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${ref.split('/').pop()}${e.instancePath} ${e.message}`));
  };
  validators = {
    event: validator(`${core.$id}#/$defs/RunEvent`),
    facets: Object.fromEntries(Object.entries(ids).map(([key, ref]) => [key, validator(ref)])) as Record<keyof typeof FACETS, Validator>,
  };
  return validators;
}

/** Every schema error of `event`: the RunEvent itself, and each facet it carries against that facet's own schema. */
export function validateEvent(event: unknown): string[] {
  const { event: validateRunEvent, facets } = load();
  const errors = validateRunEvent(event);
  const e = event as RunEvent;
  const check = (where: string, found: Record<string, unknown> | undefined) => {
    for (const [key, value] of Object.entries(found ?? {})) {
      const validate = facets[key as keyof typeof FACETS];
      if (!validate) errors.push(`${where}: facet ${key} has no vendored schema`);
      else errors.push(...validate(value).map((m) => `${where}: ${m}`));
    }
  };
  check('run', e.run?.facets);
  check('job', e.job?.facets);
  for (const d of [...(e.inputs ?? []), ...(e.outputs ?? [])]) check(`${d.namespace}/${d.name}`, d.facets);
  return errors;
}
