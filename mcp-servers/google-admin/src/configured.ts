// The registry of built-in servers reads this at a function's start, where the rest of the server
// must not be loaded: it imports nothing heavy (only the key-source rule, which imports nothing).
import { hasServiceAccountKeySource } from '@agentcore/google-workspace/configured';

/**
 * Whether the environment configures the Google Admin server at all (an admin subject and a
 * key source); the registry offers the server only then.
 */
export function isGoogleAdminConfigured(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return (env.GOOGLE_ADMIN_SUBJECT?.trim() ?? '') !== '' && hasServiceAccountKeySource(env);
}
