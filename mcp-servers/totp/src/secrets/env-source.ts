import { SecretNotFoundError, TotpError } from '../errors.js';
import type { SecretReadOptions, SecretSource } from './secret-source.js';

export const DEFAULT_ENV_PREFIX = 'TOTP_SECRET_';

/** The variable a secret name maps to: `okta/admin` -> `TOTP_SECRET_OKTA_ADMIN`. */
export function envVariableFor(name: string, prefix = DEFAULT_ENV_PREFIX): string {
  return `${prefix}${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Reads secrets from an environment record handed in by the composition root (never from
 * `process.env` directly), one variable per secret named by `envVariableFor`.
 */
export class EnvSecretSource implements SecretSource {
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly prefix = DEFAULT_ENV_PREFIX,
  ) {}

  async readSecret(name: string, options: SecretReadOptions = {}): Promise<string> {
    if (options.region !== undefined) {
      throw new TotpError(
        'unsupported_option',
        'secret_region is not supported by environment secrets',
      );
    }
    const value = this.env[envVariableFor(name, this.prefix)];
    if (value === undefined || value.trim() === '') throw new SecretNotFoundError(name);
    return value;
  }
}
