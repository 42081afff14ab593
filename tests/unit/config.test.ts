import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.ts';

describe('loadConfig', () => {
  it('applies defaults and reads bound resources', () => {
    const config = loadConfig({ TABLE_NAME: 'support' });
    expect(config.tableName).toBe('support');
    expect(config.portalUrl).toBe('http://localhost:5173');
    expect(config.logLevel).toBe('info');
  });
  it('fails at start-up with every invalid setting named', () => {
    expect(() => loadConfig({ PORTAL_URL: 'not a url', LOG_LEVEL: 'loud' })).toThrow(/PORTAL_URL.*LOG_LEVEL|LOG_LEVEL.*PORTAL_URL/);
  });
  it('throws when a function asks for a resource it is not bound to', () => {
    const config = loadConfig({});
    expect(() => config.tableName).toThrow(ConfigError);
    expect(() => config.jwt).toThrow(/JWT_ISSUER/);
  });
});
