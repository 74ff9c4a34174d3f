import type { ApiRole } from '@agentcore/store';

/**
 * Who is calling, as the edge that authenticated them says: an API key's owner, or an
 * authorizer's claims. Groups come from the directory on the server, never from the caller.
 */
export interface Principal {
  userId: string;
  displayName: string;
  email?: string;
  roles: readonly ApiRole[];
  groups: readonly string[];
  /** The API key used, when one was (for rate limits and last-used times). */
  keyId?: string;
}

/** Each role includes the ones below it: admin, then approver, then requester. */
const RANK: Record<ApiRole, number> = { requester: 0, approver: 1, admin: 2 };

export function hasRole(principal: Principal, role: ApiRole): boolean {
  return principal.roles.some((held) => RANK[held] >= RANK[role]);
}
