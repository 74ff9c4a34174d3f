/** The versioned config store, as far as reading one key goes. */
export interface VersionedConfigStore<Key extends string> {
  currentVersion(key: Key): Promise<number>;
  latest(key: Key): Promise<{ version: number; value: unknown } | undefined>;
}

/**
 * One config key as running functions see it: every read checks the stored version (one small
 * query) and re-parses only when it changed, so an edit takes effect on the next request without
 * a cold start. Version 0 (never saved) gives `fallback`.
 */
export function liveConfig<Key extends string, T>(
  store: VersionedConfigStore<Key>,
  key: Key,
  parse: (value: unknown) => T,
  fallback: () => T,
): { read(): Promise<{ version: number; value: T }> } {
  let cached: { version: number; value: T } | undefined;
  return {
    async read() {
      const version = await store.currentVersion(key);
      if (cached?.version === version) return cached;
      const saved = version === 0 ? undefined : await store.latest(key);
      // A newer save may land between the two reads: keep what was read, under its own version.
      cached = saved
        ? { version: saved.version, value: parse(saved.value) }
        : { version: 0, value: fallback() };
      return cached;
    },
  };
}
