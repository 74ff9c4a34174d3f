import type { SecretReadOptions, SecretSource } from './secret-source.js';

export interface CachedSecretSourceOptions {
  /** How long a value read successfully is reused; default 5 minutes. */
  readonly ttlMs?: number;
  /** Current time in ms; injected so expiry is testable. */
  readonly now?: () => number;
}

/**
 * Keeps successfully read secrets for a while, so a burst of code requests costs one
 * Secrets Manager call. Failures are never cached.
 */
export class CachedSecretSource implements SecretSource {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: SecretSource,
    options: CachedSecretSourceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async readSecret(name: string, options: SecretReadOptions = {}): Promise<string> {
    const key = JSON.stringify([name, options.region ?? null]);
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const value = await this.inner.readSecret(name, options);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }
}
