import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

describe('configuration', () => {
  it('defaults to demo mode on the embedded database', () => {
    expect(readConfig({})).toMatchObject({ mode: 'demo', database: { kind: 'pglite', dataDir: './.assay' }, baseUrl: 'http://localhost:3000' });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and then defaults to production', () => {
    const env = { DATABASE_URL: 'postgres://db/assay', ASSAY_SECRET: 'x'.repeat(32), ASSAY_BASE_URL: 'https://assay.example.com' };
    expect(readConfig(env)).toMatchObject({ mode: 'production', database: { kind: 'postgres', url: 'postgres://db/assay' } });
  });

  it('refuses to start production without a database, a strong secret and a base URL, naming each', () => {
    expect(() => readConfig({ ASSAY_MODE: 'production', ASSAY_SECRET: 'short' })).toThrow(
      new ConfigError(
        'production mode refuses to start without DATABASE_URL (production runs on PostgreSQL), ASSAY_SECRET (at least 32 random characters), ASSAY_BASE_URL (the public URL users open)',
      ),
    );
  });

  it('names an invalid setting', () => {
    expect(() => readConfig({ ASSAY_MODE: 'staging' })).toThrow(/ASSAY_MODE/);
  });

  it('reads the trusted proxies, addresses or ranges, and names a bad one', () => {
    expect(readConfig({ ASSAY_TRUSTED_PROXIES: '10.0.0.1, 10.0.5.0/24,::1' }).trustedProxies).toEqual(['10.0.0.1', '10.0.5.0/24', '::1']);
    expect(readConfig({}).trustedProxies).toEqual([]);
    expect(() => readConfig({ ASSAY_TRUSTED_PROXIES: '10.0.0.1,proxy.internal' })).toThrow(/ASSAY_TRUSTED_PROXIES\.1: an IP address or CIDR range/);
  });

  it('accepts state changes from the base URL only in production, and from its localhost twin in demo mode', () => {
    const production = { DATABASE_URL: 'postgres://db/assay', ASSAY_SECRET: 'x'.repeat(32), ASSAY_BASE_URL: 'https://assay.example.com/' };
    expect(readConfig(production).allowedOrigins).toEqual(['https://assay.example.com']);
    expect(readConfig({ PORT: '3101' }).allowedOrigins).toEqual(['http://localhost:3101', 'http://127.0.0.1:3101']);
  });

  it('reads the OpenLineage targets, and emits nothing when neither is set', () => {
    expect(readConfig({}).openLineage).toBeUndefined();
    expect(readConfig({ ASSAY_OPENLINEAGE_URL: 'http://marquez:5000/api/v1/lineage', ASSAY_OPENLINEAGE_API_KEY: 'k', ASSAY_OPENLINEAGE_FILE: '/var/log/assay/lineage.ndjson' }).openLineage).toEqual({
      namespace: 'assay',
      url: 'http://marquez:5000/api/v1/lineage',
      apiKey: 'k',
      file: '/var/log/assay/lineage.ndjson',
    });
    expect(readConfig({ ASSAY_OPENLINEAGE_FILE: 'lineage.ndjson', ASSAY_OPENLINEAGE_NAMESPACE: 'acme-prod' }).openLineage).toEqual({ namespace: 'acme-prod', url: null, apiKey: null, file: 'lineage.ndjson' });
  });

  it('names a bad OpenLineage setting', () => {
    expect(() => readConfig({ ASSAY_OPENLINEAGE_URL: 'marquez:5000' })).toThrow(/ASSAY_OPENLINEAGE_URL: an http:\/\/ or https:\/\/ URL of an OpenLineage endpoint/);
    expect(() => readConfig({ ASSAY_OPENLINEAGE_URL: 'ftp://marquez/lineage' })).toThrow(/ASSAY_OPENLINEAGE_URL: an http:\/\/ or https:\/\/ URL/);
    expect(() => readConfig({ ASSAY_OPENLINEAGE_API_KEY: 'k' })).toThrow(new ConfigError('invalid configuration: ASSAY_OPENLINEAGE_API_KEY is set without ASSAY_OPENLINEAGE_URL (the key is sent to that endpoint only)'));
    expect(() => readConfig({ ASSAY_OPENLINEAGE_FILE: 'x', ASSAY_OPENLINEAGE_NAMESPACE: 'has space' })).toThrow(/ASSAY_OPENLINEAGE_NAMESPACE: letters, digits/);
  });
});
