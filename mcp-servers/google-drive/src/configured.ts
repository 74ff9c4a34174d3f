// The registry of built-in servers reads this at a function's start, where the rest of the server
// must not be loaded: it imports nothing heavy (only the key-source rule, which imports nothing).
import { hasServiceAccountKeySource } from '@agentcore/google-workspace/configured';

/**
 * Whether the environment turns the Drive server on: it is optional, since its scope reaches
 * every user's files. It needs `GOOGLE_DRIVE_ENABLED=true` and a service-account key source.
 */
export function isGoogleDriveConfigured(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return (
    env.GOOGLE_DRIVE_ENABLED?.trim().toLowerCase() === 'true' && hasServiceAccountKeySource(env)
  );
}
