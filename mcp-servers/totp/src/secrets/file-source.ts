import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { SecretNotFoundError, SecretSourceUnavailableError, TotpError } from '../errors.js';
import type { SecretReadOptions, SecretSource } from './secret-source.js';

/** A secrets file: names mapped to a raw value or a JSON object (stored as its JSON text). */
export const SecretsFileSchema = z.record(
  z.string().min(1),
  z.union([z.string(), z.record(z.string(), z.unknown())]),
);

/**
 * Reads secrets from a local JSON file, e.g. `{"okta-admin": {"secret": "JBSW..."}}`. The file
 * is read on every call so edits apply without a restart.
 */
export class FileSecretSource implements SecretSource {
  constructor(private readonly path: string) {}

  async readSecret(name: string, options: SecretReadOptions = {}): Promise<string> {
    if (options.region !== undefined) {
      throw new TotpError(
        'unsupported_option',
        'secret_region is not supported by the secrets file',
      );
    }
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new SecretSourceUnavailableError('The local secrets file could not be read', {
        cause: error,
      });
    }
    let parsed: z.infer<typeof SecretsFileSchema>;
    try {
      parsed = SecretsFileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new SecretSourceUnavailableError(
        'The local secrets file is not a JSON object of names to values',
        { cause: error },
      );
    }
    const value = Object.hasOwn(parsed, name) ? parsed[name] : undefined;
    if (value === undefined) throw new SecretNotFoundError(name);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
