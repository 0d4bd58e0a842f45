import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A DuckDB file has one writing process: every test file (its own process) gets its own warehouse
// and data directory, so nothing a test writes lands in the checkout or in another test's files.
process.env.ASSAY_WAREHOUSE_PATH ??= join(mkdtempSync(join(tmpdir(), 'assay-test-warehouse-')), 'warehouse.duckdb');
// The demo workspace's generated source files and their loads: tests that want them turn them on.
process.env.ASSAY_DEMO_SOURCES ??= 'off';
