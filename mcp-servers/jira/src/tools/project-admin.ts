import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';

/** The seed's preference order for the admin role when none is named. */
export const ADMIN_ROLE_NAMES = [
  'Administrators',
  'Administrator',
  'Project Administrators',
  'Administrators project role',
  'Admin',
] as const;

/** Each preferred name as a case-insensitive exact match, then as a substring (the seed's rule). */
export function pickRole(
  roles: ReadonlyMap<string, string>,
  preferred: readonly string[],
): { name: string; id: string } | undefined {
  const entries = [...roles];
  for (const wanted of preferred) {
    const lower = wanted.toLowerCase();
    const found =
      entries.find(([name]) => name.toLowerCase() === lower) ??
      entries.find(([name]) => name.toLowerCase().includes(lower));
    if (found) return { name: found[0], id: found[1] };
  }
  return undefined;
}

/** Adds an account to the project's admin role (or the named one); true when newly added. */
export async function addProjectAdmin(
  jira: JiraClient,
  projectKey: string,
  accountId: string,
  roleName?: string,
): Promise<{ roleName: string; added: boolean }> {
  const roles = await jira.projectRoles(projectKey);
  const role = pickRole(roles, roleName ? [roleName] : ADMIN_ROLE_NAMES);
  if (!role) {
    throw new JiraError(
      'not_found',
      roleName
        ? `Could not find a role named '${roleName}' for project ${projectKey}`
        : `Could not find an Administrators role for project ${projectKey}`,
    );
  }
  const outcome = await jira.addRoleUser(projectKey, role.id, accountId);
  return { roleName: role.name, added: outcome === 'added' };
}
