import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { hasServiceAccountKeySource } from '../src/configured.js';
import { parseGoogleEnv } from '../src/index.js';

const OwnSchema = z.object({ GOOGLE_TEST_ROOT_URL: z.url().default('https://example.test/') });

describe('parseGoogleEnv', () => {
  it('reads the shared connection settings beside a server’s own, with Google’s defaults', () => {
    // Act
    const parsed = parseGoogleEnv('Google Test', OwnSchema, {
      GOOGLE_SERVICE_ACCOUNT_SECRET_ID: ' google/sa ',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:4566',
    });

    // Assess
    expect(parsed).toEqual({
      connection: {
        key: {
          kind: 'secrets-manager',
          secretId: 'google/sa',
          region: undefined,
          endpoint: 'http://127.0.0.1:4566',
        },
        tokenUrl: 'https://oauth2.googleapis.com/token',
        timeoutMs: 10_000,
        maxRetries: 2,
      },
      values: { GOOGLE_TEST_ROOT_URL: 'https://example.test/' },
    });
  });

  it('names every bad variable, the server’s own first, and never a value', () => {
    // Act
    const attempt = () =>
      parseGoogleEnv('Google Test', OwnSchema, {
        GOOGLE_TEST_ROOT_URL: 'not a url',
        GOOGLE_SERVICE_ACCOUNT_KEY: '{"private_key":"-----BEGIN PRIVATE KEY-----"}',
        GOOGLE_HTTP_MAX_RETRIES: '9',
      });

    // Assess
    expect(attempt).toThrow(
      /^Invalid Google Test configuration: GOOGLE_TEST_ROOT_URL: .*; GOOGLE_HTTP_MAX_RETRIES: /,
    );
    expect(attempt).not.toThrow('PRIVATE KEY');
  });

  it('refuses no key source, and two', () => {
    // Act
    const outcomes = [
      {},
      { GOOGLE_SERVICE_ACCOUNT_KEY: '{}', GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google/sa' },
    ].map((env) => () => parseGoogleEnv('Google Test', OwnSchema, env));

    // Assess
    for (const attempt of outcomes) {
      expect(attempt).toThrow(
        'GOOGLE_SERVICE_ACCOUNT_KEY: set exactly one of GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_SERVICE_ACCOUNT_SECRET_ID',
      );
    }
    expect([
      hasServiceAccountKeySource({}),
      hasServiceAccountKeySource({ GOOGLE_SERVICE_ACCOUNT_KEY: '  ' }),
      hasServiceAccountKeySource({ GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google/sa' }),
    ]).toEqual([false, false, true]);
  });
});
