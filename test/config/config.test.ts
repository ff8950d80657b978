import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('starts from documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/verification_hub');
    expect(c.sandbox).toMatchObject({ enabled: true, port: 4010 });
    expect(c.sources.baseUrl).toBeNull();
  });

  it('names every bad variable and the reason', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SANDBOX: 'maybe', DATABASE_URL: 'mysql://x/y', SOURCE_URL_TAX: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    for (const name of ['PORT="eighty"', 'SANDBOX="maybe"', 'DATABASE_URL="mysql://x/y"', 'SOURCE_URL_TAX="not a url"']) expect(text).toContain(name);
  });

  it('requires SOURCE_BASE_URL when the sandbox is off', () => {
    expect(() => loadConfig({ SANDBOX: 'off' })).toThrow(/SOURCE_BASE_URL/);
    expect(loadConfig({ SANDBOX: 'off', SOURCE_BASE_URL: 'https://exchange.example.gov.cn' }).sources.baseUrl).toBe('https://exchange.example.gov.cn');
  });

  it('reads per-source URL overrides', () => {
    expect(loadConfig({ SOURCE_URL_BANK_ICBC: 'https://icbc.example/' }).sources.urls).toEqual({ bank_icbc: 'https://icbc.example/' });
  });
});
