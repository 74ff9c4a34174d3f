import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsTarget } from './aws-clients.js';

/** A Secrets Manager client with explicit timeouts and bounded retries. */
export function secretsManagerClient(target: AwsTarget): SecretsManagerClient {
  return new SecretsManagerClient({
    ...target,
    maxAttempts: 4,
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 },
  });
}

/** A secret that could not be read: names the secret and the failure, never its value. */
export class SecretReadError extends Error {
  override readonly name = 'SecretReadError';
}

/** The text of the secret `secretId` (`what` names it in errors: "the sealing key"). */
export async function readSecretText(
  target: AwsTarget,
  secretId: string,
  what: string,
): Promise<string> {
  const client = secretsManagerClient(target);
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const text =
      output.SecretString ??
      (output.SecretBinary ? Buffer.from(output.SecretBinary).toString('utf8') : undefined);
    if (text === undefined || text === '') {
      throw new SecretReadError(`the ${what} secret ${secretId} is empty`);
    }
    return text;
  } catch (error) {
    if (error instanceof SecretReadError) throw error;
    const name = error instanceof Error ? error.name : 'unknown error';
    throw new SecretReadError(`could not read the ${what} secret ${secretId} (${name})`);
  } finally {
    client.destroy();
  }
}
