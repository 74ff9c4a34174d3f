import { describe, expect, it } from 'vitest';
import { parseTotpConfig } from '../src/index.js';

describe('parseTotpConfig', () => {
  it('defaults to Secrets Manager with bounded timeouts, retries and a cache', () => {
    // Act
    const config = parseTotpConfig({ AWS_REGION: 'eu-west-1' });

    // Assess
    expect(config).toEqual({
      source: 'secrets-manager',
      secretsFile: undefined,
      envPrefix: 'TOTP_SECRET_',
      region: 'eu-west-1',
      secretsManagerEndpoint: undefined,
      timeoutMs: 5000,
      maxAttempts: 3,
      cacheTtlMs: 300_000,
    });
  });

  it('requires a file path for the file source', () => {
    // Act
    const parse = () => parseTotpConfig({ TOTP_SECRET_SOURCE: 'file' });

    // Assess
    expect(parse).toThrow('TOTP_SECRETS_FILE is required when TOTP_SECRET_SOURCE is file');
  });

  it('refuses an unknown source', () => {
    // Act
    const parse = () => parseTotpConfig({ TOTP_SECRET_SOURCE: 'vault' });

    // Assess
    expect(parse).toThrow();
  });
});
