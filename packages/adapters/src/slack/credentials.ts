import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsTarget } from '../aws-clients.js';
import { secretsManagerClient } from '../secret-text.js';
import { type SlackCredentials, SlackCredentialsSchema } from './settings.js';

/** Reads (cached) and updates the app's Slack credentials. */
export interface SlackCredentialStore {
  read(): Promise<SlackCredentials>;
  /** Merges `changes` into the stored credentials (an install's bot token). */
  update(changes: Partial<SlackCredentials>): Promise<void>;
}

/** A failure to read or write the Slack secret: names the secret and the failure, never its value. */
export class SlackSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackSecretError';
  }
}

/** The credentials in a Secrets Manager secret, read once per cold start and after each update. */
export function secretsManagerSlackCredentials(
  target: AwsTarget,
  secretId: string,
): SlackCredentialStore {
  const client = secretsManagerClient(target);
  let cached: Promise<SlackCredentials> | undefined;
  const load = async (): Promise<SlackCredentials> => {
    try {
      const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      return SlackCredentialsSchema.parse(JSON.parse(output.SecretString ?? ''));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'unknown error';
      throw new SlackSecretError(`could not read the Slack secret ${secretId} (${name})`);
    }
  };
  const read = () => {
    cached ??= load().catch((error) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
  return {
    read,
    update: async (changes) => {
      const merged = SlackCredentialsSchema.parse({ ...(await read()), ...changes });
      try {
        await client.send(
          new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(merged) }),
        );
      } catch (error) {
        const name = error instanceof Error ? error.name : 'unknown error';
        throw new SlackSecretError(`could not update the Slack secret ${secretId} (${name})`);
      }
      cached = Promise.resolve(merged);
    },
  };
}

/**
 * Credentials held in this process (the local runtime's, a test's); `onUpdate` is told of each
 * change (the local runtime writes it to its Secrets Manager stand-in).
 */
export function fixedSlackCredentials(
  initial: SlackCredentials,
  onUpdate: (merged: SlackCredentials) => void = () => undefined,
): SlackCredentialStore {
  let current = SlackCredentialsSchema.parse(initial);
  return {
    read: async () => current,
    update: async (changes) => {
      current = SlackCredentialsSchema.parse({ ...current, ...changes });
      onUpdate(current);
    },
  };
}
