// The registry of built-in servers reads this at a function's start, where the rest of the server
// must not be loaded: it imports nothing.

/** Whether the environment configures Jira at all (the built-in registry's switch). */
export function jiraConfigured(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.JIRA_BASE_URL ?? '').trim() !== '';
}
