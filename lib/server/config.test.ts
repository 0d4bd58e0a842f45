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
});
