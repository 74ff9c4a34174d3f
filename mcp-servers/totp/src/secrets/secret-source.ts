export interface SecretReadOptions {
  /** AWS region of the secret; sources without regions reject it. */
  readonly region?: string;
}

/**
 * Where TOTP seeds are read from: Secrets Manager in AWS, a local file or environment values
 * in the embedded runtime. Resolves to the secret's text; rejects with a TotpError
 * (`secret_not_found`, `secret_access_denied`, `secret_source_unavailable`, ...).
 */
export interface SecretSource {
  readSecret(name: string, options?: SecretReadOptions): Promise<string>;
}
