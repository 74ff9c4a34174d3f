// Imports nothing: the built-in registry reads it at a function's start, where the rest of this
// package (google-auth-library, the Secrets Manager client) must not be loaded.

/** Whether the environment names a service-account key source (a value, not blanks). */
export function hasServiceAccountKeySource(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  return set('GOOGLE_SERVICE_ACCOUNT_KEY') || set('GOOGLE_SERVICE_ACCOUNT_SECRET_ID');
}
