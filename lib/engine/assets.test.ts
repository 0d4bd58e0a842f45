import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DUCKDB_WASM_VERSION, MONACO_VERSION } from './assets';
import { NATIVE_PACKAGE } from './native';

const installed = (pkg: string) => JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version as string;

describe('served engine assets', () => {
  it('name the installed duckdb-wasm and monaco versions, so cached copies are never stale', () => {
    expect(DUCKDB_WASM_VERSION).toBe(installed('@duckdb/duckdb-wasm'));
    expect(MONACO_VERSION).toBe(installed('monaco-editor'));
  });

  it('names the installed @duckdb/node-api as the server engine', () => {
    expect(NATIVE_PACKAGE).toBe(`@duckdb/node-api@${installed('@duckdb/node-api')}`);
  });
});
