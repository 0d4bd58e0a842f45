// The subset of the OpenLineage 2-0-2 RunEvent that Assay emits (schema/OpenLineage.json), typed.

export const EVENT_TYPES = ['START', 'COMPLETE', 'FAIL'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Every facet carries who wrote it and the schema it follows. */
export type Facet = { _producer: string; _schemaURL: string };

export type SchemaField = { name: string; type: string; ordinal_position?: number };
export type SchemaFacet = Facet & { fields: SchemaField[] };

export type Transformation = { type: 'DIRECT' | 'INDIRECT'; subtype?: string; description?: string; masking?: boolean };
export type InputField = { namespace: string; name: string; field: string; transformations: Transformation[] };
export type ColumnLineageFacet = Facet & { fields: Record<string, { inputFields: InputField[] }>; dataset?: InputField[] };

export type Assertion = { assertion: string; success: boolean; column?: string; severity?: string; name?: string; description?: string; actual?: string };
export type DataQualityAssertionsFacet = Facet & { assertions: Assertion[] };

export type DatasetFacets = { schema?: SchemaFacet; columnLineage?: ColumnLineageFacet; dataQualityAssertions?: DataQualityAssertionsFacet };
export type Dataset = { namespace: string; name: string; facets?: DatasetFacets };

export type JobTypeFacet = Facet & { processingType: 'BATCH'; integration: string; jobType: string };
export type ErrorMessageFacet = Facet & { message: string; programmingLanguage: string };

export type RunEvent = {
  eventType: EventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: { errorMessage?: ErrorMessageFacet } };
  job: { namespace: string; name: string; facets: { jobType: JobTypeFacet } };
  inputs: Dataset[];
  outputs: Dataset[];
};
