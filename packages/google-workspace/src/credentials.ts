import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { KeySourceConfig } from './config.js';
import { GoogleWorkspaceError } from './errors.js';

/** The fields of a Google service-account key file the servers use. */
export interface ServiceAccountKey {
  readonly clientEmail: string;
  readonly privateKey: string;
  readonly privateKeyId: string | undefined;
}

/** Resolves the service-account key; rejects with a GoogleWorkspaceError that never holds it. */
export type ServiceAccountKeyProvider = () => Promise<ServiceAccountKey>;

const KeyFileSchema = z.object({
  client_email: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
});

/**
 * Reads a service-account key file's JSON text. Literal `\n` sequences in the private key
 * (a key pasted into a .env file) become newlines. Failures say what is wrong, never what is there.
 */
export function parseServiceAccountKey(text: string, origin: string): ServiceAccountKey {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new GoogleWorkspaceError(
      'credentials',
      `The service-account key in ${origin} is not JSON`,
    );
  }
  const parsed = KeyFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new GoogleWorkspaceError(
      'credentials',
      `The service-account key in ${origin} needs client_email and a PEM private_key`,
    );
  }
  return {
    clientEmail: parsed.data.client_email,
    privateKey: parsed.data.private_key.replace(/\\n/g, '\n'),
    privateKeyId: parsed.data.private_key_id,
  };
}

/** A key given in the environment (GOOGLE_SERVICE_ACCOUNT_KEY), parsed on first use. */
export function envKeyProvider(json: string): ServiceAccountKeyProvider {
  return async () => parseServiceAccountKey(json, 'GOOGLE_SERVICE_ACCOUNT_KEY');
}

/** Where a secret's text is read from (the TOTP server's Secrets Manager source fits). */
export interface SecretReader {
  readSecret(name: string): Promise<string>;
}

/**
 * A key kept in a Secrets Manager secret as the key file's JSON. The reader owns timeouts and
 * retries; its failures are reported by their message, which names the secret and not its value.
 */
export function secretKeyProvider(
  reader: SecretReader,
  secretId: string,
): ServiceAccountKeyProvider {
  return async () => {
    let text: string;
    try {
      text = await reader.readSecret(secretId);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      throw new GoogleWorkspaceError(
        'credentials',
        `The service-account key could not be read: ${reason}`,
      );
    }
    return parseServiceAccountKey(text, `secret ${secretId}`);
  };
}

/**
 * Builds the Secrets Manager reader: the TOTP server's `SecretsManagerSecretSource` takes exactly
 * these options. Injected so that this package does not depend on an MCP server.
 */
export type SecretsManagerReaderFactory = (options: {
  readonly client: SecretsManagerClient;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}) => SecretReader;

/** The key source `config` describes; reads of a secret get the config's timeout and retries. */
export function createKeyProvider(
  config: {
    readonly key: KeySourceConfig;
    readonly timeoutMs: number;
    readonly maxRetries: number;
  },
  secretsManagerReader: SecretsManagerReaderFactory,
): ServiceAccountKeyProvider {
  const key = config.key;
  if (key.kind === 'env') return envKeyProvider(key.json);
  const client = new SecretsManagerClient({
    ...(key.region === undefined ? {} : { region: key.region }),
    ...(key.endpoint === undefined ? {} : { endpoint: key.endpoint }),
    // The reader retries; SDK retries on top would multiply attempts and time.
    maxAttempts: 1,
  });
  const reader = secretsManagerReader({
    client,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxRetries + 1,
  });
  return secretKeyProvider(reader, key.secretId);
}
