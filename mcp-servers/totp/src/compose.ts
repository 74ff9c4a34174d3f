import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseTotpConfig, type TotpConfig } from './config.js';
import { CachedSecretSource } from './secrets/cached-source.js';
import { EnvSecretSource } from './secrets/env-source.js';
import { FileSecretSource } from './secrets/file-source.js';
import type { SecretSource } from './secrets/secret-source.js';
import { SecretsManagerSecretSource } from './secrets/secrets-manager-source.js';
import { buildServer } from './server.js';

function secretsManagerClient(
  config: TotpConfig,
  region: string | undefined,
): SecretsManagerClient {
  return new SecretsManagerClient({
    ...(region === undefined ? {} : { region }),
    ...(config.secretsManagerEndpoint === undefined
      ? {}
      : { endpoint: config.secretsManagerEndpoint }),
    // The adapter retries; SDK retries on top would multiply attempts and time.
    maxAttempts: 1,
  });
}

function uncachedSource(
  config: TotpConfig,
  env: Readonly<Record<string, string | undefined>>,
): SecretSource {
  switch (config.source) {
    case 'file':
      if (config.secretsFile === undefined) throw new Error('TOTP_SECRETS_FILE is not set');
      return new FileSecretSource(config.secretsFile);
    case 'env':
      return new EnvSecretSource(env, config.envPrefix);
    case 'secrets-manager':
      return new SecretsManagerSecretSource({
        client: secretsManagerClient(config, config.region),
        clientForRegion: (region) => secretsManagerClient(config, region),
        timeoutMs: config.timeoutMs,
        maxAttempts: config.maxAttempts,
      });
  }
}

/** The secret source `config` describes; `env` feeds the env source and nothing else. */
export function createSecretSource(
  config: TotpConfig,
  env: Readonly<Record<string, string | undefined>>,
): SecretSource {
  const source = uncachedSource(config, env);
  return config.cacheTtlMs > 0
    ? new CachedSecretSource(source, { ttlMs: config.cacheTtlMs })
    : source;
}

/** Builds the TOTP server from an environment record (the only place it is read). */
export function composeTotpServer(env: Readonly<Record<string, string | undefined>>): McpServer {
  const config = parseTotpConfig(env);
  return buildServer({ secrets: createSecretSource(config, env) });
}
