import { GifError, GifProviderError } from '../errors.js';
import type { Fallback, GifSource } from '../schemas.js';
import type { GifProvider, GifProviders } from './gif-provider.js';

const NAMES: Readonly<Record<GifSource, string>> = { giphy: 'Giphy', tenor: 'Tenor' };
const KEYS: Readonly<Record<GifSource, string>> = {
  giphy: 'GIPHY_API_KEY',
  tenor: 'TENOR_API_KEY',
};

export interface ProviderPlan {
  /** Providers to try, in order. */
  readonly order: readonly GifProvider[];
  /** Set when the preferred provider is not configured and another stands in. */
  readonly fallback?: Fallback;
}

/**
 * The seed's provider selection: the preferred provider when its key is set, else the other
 * one when its key is set, else a named error; with no preference Giphy first, then Tenor.
 * The other configured provider follows as a fallback for upstream failures.
 */
export function planProviders(
  preferred: GifSource | undefined,
  providers: GifProviders,
): ProviderPlan {
  const first: GifSource = preferred ?? (providers.giphy ? 'giphy' : 'tenor');
  const second: GifSource = first === 'giphy' ? 'tenor' : 'giphy';
  const primary = providers[first];
  const other = providers[second];
  if (primary) return { order: other ? [primary, other] : [primary] };
  if (other) {
    return { order: [other], fallback: { from: first, reason: `${KEYS[first]} is not set` } };
  }
  if (preferred === undefined) {
    throw new GifError(
      'no_providers',
      'No GIF providers configured. Set GIPHY_API_KEY or TENOR_API_KEY.',
    );
  }
  throw new GifError(
    'provider_not_configured',
    `${NAMES[preferred]} requested but ${KEYS[preferred]} is not set; no alternative provider available`,
  );
}

export interface Served<T> {
  readonly value: T;
  readonly fallback?: Fallback;
}

/**
 * Runs `call` on the planned providers in order, moving on when one fails upstream (rate
 * limit, outage, timeout, refused key). Outcomes such as "nothing found" are not retried
 * elsewhere. When every provider fails, the error names each failure.
 */
export async function withFallback<T>(
  plan: ProviderPlan,
  call: (provider: GifProvider) => Promise<T>,
): Promise<Served<T>> {
  const failures: GifProviderError[] = [];
  for (const provider of plan.order) {
    try {
      const value = await call(provider);
      const previous = failures.at(-1);
      if (previous) return { value, fallback: { from: previous.source, reason: previous.message } };
      return plan.fallback ? { value, fallback: plan.fallback } : { value };
    } catch (error) {
      if (!(error instanceof GifProviderError)) throw error;
      failures.push(error);
    }
  }
  const [only] = failures;
  if (failures.length === 1 && only) throw only;
  throw new GifError(
    failures.every((failure) => failure.code === 'rate_limited') ? 'rate_limited' : 'unavailable',
    failures.map((failure) => failure.message).join('; '),
  );
}
