import type { PeopleDirectory } from '@agentcore/adapters';
import { ApiRoleSchema, type StoredApiKey } from '@agentcore/store';
import type { Clock } from '@agentcore/workflow';
import * as z from 'zod';
import { parseApiKey, secretMatches } from './api-keys.js';
import { HttpError } from './http-errors.js';
import type { Principal } from './principal.js';
import type { ApiContext, Authenticate } from './routing.js';

/** The API keys, as far as checking one goes. */
export interface ApiKeyLookup {
  get(keyId: string): Promise<StoredApiKey | undefined>;
  touch(keyId: string, at: Date): Promise<void>;
}

/** Last-used times are written at most this often per key and instance: not one write per call. */
const TOUCH_INTERVAL_MS = 60_000;

const unauthenticated = () =>
  new HttpError(
    401,
    'unauthenticated',
    'send a valid API key as `Authorization: Bearer <key>` (create one with `hitl-mcp keys create`)',
    { 'www-authenticate': 'Bearer realm="agentcore"' },
  );

function presentedToken(c: ApiContext): string | undefined {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  return c.req.header('x-api-key')?.trim();
}

async function principalOf(
  directory: PeopleDirectory,
  identity: { userId: string; displayName: string; roles: Principal['roles']; keyId?: string },
): Promise<Principal> {
  const person = await directory.person(identity.userId);
  return {
    ...identity,
    ...(person?.email ? { email: person.email } : {}),
    groups: [...(person?.groups ?? [])],
  };
}

/**
 * API keys: `Authorization: Bearer hitl_<id>_<secret>` (or `X-API-Key`). The secret is compared
 * by hash in constant time; revoked keys are refused; groups come from the directory.
 */
export function apiKeyAuthentication(deps: {
  keys: ApiKeyLookup;
  directory: PeopleDirectory;
  clock: Clock;
}): Authenticate {
  const lastTouched = new Map<string, number>();
  return async (c) => {
    const token = presentedToken(c);
    const parsed = token === undefined ? undefined : parseApiKey(token);
    if (!parsed) throw unauthenticated();
    const key = await deps.keys.get(parsed.keyId);
    // Compared even for an unknown id, so timing does not tell which ids exist.
    const matches = secretMatches(parsed.secret, key?.secretHash ?? '0'.repeat(64));
    if (!key || !matches || key.revokedAt !== undefined) throw unauthenticated();
    const now = deps.clock();
    if (now.getTime() - (lastTouched.get(key.keyId) ?? 0) >= TOUCH_INTERVAL_MS) {
      lastTouched.set(key.keyId, now.getTime());
      await deps.keys.touch(key.keyId, now);
    }
    return principalOf(deps.directory, {
      userId: key.userId,
      displayName: key.displayName,
      roles: key.roles,
      keyId: key.keyId,
    });
  };
}

const ClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  name: z.string().min(1).max(256).optional(),
  /** Space- or comma-separated, or a list: what the identity provider grants. */
  'custom:roles': z.union([z.string(), z.array(z.string())]).optional(),
  roles: z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * Behind an API Gateway JWT authorizer the gateway has verified the token: the principal is its
 * claims (`sub`, `name`, `roles` or `custom:roles`), read from the Lambda event, never a header.
 */
export function authorizerAuthentication(deps: { directory: PeopleDirectory }): Authenticate {
  return async (c) => {
    const env = c.env as
      | { event?: { requestContext?: { authorizer?: { jwt?: { claims?: unknown } } } } }
      | undefined;
    const claims = ClaimsSchema.safeParse(env?.event?.requestContext?.authorizer?.jwt?.claims);
    if (!claims.success) throw unauthenticated();
    const granted = claims.data.roles ?? claims.data['custom:roles'] ?? 'requester';
    const names = Array.isArray(granted) ? granted : granted.split(/[\s,]+/);
    const roles = names.flatMap((name) => {
      const role = ApiRoleSchema.safeParse(name.trim());
      return role.success ? [role.data] : [];
    });
    return principalOf(deps.directory, {
      userId: claims.data.sub,
      displayName: claims.data.name ?? claims.data.sub,
      roles: roles.length > 0 ? roles : ['requester'],
    });
  };
}
