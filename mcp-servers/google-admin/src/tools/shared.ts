import { type AwsRole, parseRoleValue } from '../aws-roles.js';
import type { DirectoryUser, UserDirectory } from '../directory.js';

export { ADDITIVE_WRITE, DESTRUCTIVE_WRITE, READ_ONLY } from '@agentcore/google-workspace';

/** What every tool is given: the directory and where AWS roles live in it. */
export interface ToolDeps {
  readonly directory: UserDirectory;
  /** `list_users`'s default scope when the caller names neither a domain nor a customer. */
  readonly customerId: string;
  readonly domain: string | undefined;
  readonly roleSchema: string;
  readonly roleField: string;
}

export function fullNameOf(user: DirectoryUser): string {
  return user.name?.fullName ?? 'Unknown';
}

export function emailOf(user: DirectoryUser, fallback: string): string {
  return user.primaryEmail ?? fallback;
}

/** A custom-schema entry as the Directory API stores it. */
export interface RoleEntry {
  readonly value: string;
  readonly type?: string;
  readonly customType?: string;
}

function isRoleEntry(value: unknown): value is RoleEntry {
  return (
    typeof value === 'object' && value !== null && typeof Reflect.get(value, 'value') === 'string'
  );
}

/** The user's stored role entries (as they are, to be written back whole) and the parsed roles. */
export function roleEntriesOf(
  user: DirectoryUser,
  deps: Pick<ToolDeps, 'roleSchema' | 'roleField'>,
): { entries: RoleEntry[]; roles: AwsRole[] } {
  const schema: unknown = user.customSchemas?.[deps.roleSchema];
  const field =
    schema && typeof schema === 'object' ? Reflect.get(schema, deps.roleField) : undefined;
  const entries = Array.isArray(field) ? field.filter(isRoleEntry) : [];
  return { entries, roles: parsedRoles(entries) };
}

/** The entries that are role and provider pairs, parsed; others are left out. */
export function parsedRoles(entries: readonly RoleEntry[]): AwsRole[] {
  return entries
    .map((entry) => parseRoleValue(entry.value))
    .filter((role): role is AwsRole => role !== undefined);
}
