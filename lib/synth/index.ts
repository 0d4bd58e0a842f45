/* The synthetic sandbox generator: contracts with generator hints + a spec → tables generated in DuckDB. */
export { generateSandbox, type GeneratedTable, type SandboxResult } from './generate';
export { summarizeTable, tableHash, type TableSummary } from './hash';
export { planSandbox, type PlanStep, type SandboxPlan } from './plan';
export {
  defaultRows,
  defaultSandboxSpec,
  GENERATOR_CHANGES,
  GENERATOR_VERSION,
  GENERATOR_VERSIONS,
  type GeneratorVersion,
  MAX_ROWS_PER_TABLE,
  rootDatasets,
  SandboxSpec,
  SampleSpec,
  SyntheticSpec,
  type SandboxDataset,
} from './spec';
