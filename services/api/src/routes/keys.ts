import {
  ApiRoleSchema,
  type NewApiKey,
  type StoredApiKey,
  StoredApiKeySchema,
} from '@agentcore/store';
import * as z from 'zod';
import { generateApiKey } from '../api-keys.js';
import { HttpError } from '../http-errors.js';
import type { ApiRoutes } from '../routing.js';

/** The API keys, as the admin routes manage them. */
export interface ApiKeyAdmin {
  create(input: NewApiKey): Promise<StoredApiKey>;
  list(): Promise<StoredApiKey[]>;
  revoke(keyId: string, actor: string): Promise<StoredApiKey>;
}

const NewKeyBodySchema = z.object({
  userId: z.string().trim().min(1).max(256),
  displayName: z.string().trim().min(1).max(256).optional(),
  roles: z.array(ApiRoleSchema).min(1).max(3).default(['requester']),
});

/** A key as listed: never its secret or hash. */
export function keyView(key: StoredApiKey) {
  return {
    keyId: key.keyId,
    userId: key.userId,
    displayName: key.displayName,
    roles: key.roles,
    createdAt: key.createdAt,
    createdBy: key.createdBy,
    ...(key.lastUsedAt ? { lastUsedAt: key.lastUsedAt } : {}),
    ...(key.revokedAt ? { revokedAt: key.revokedAt, revokedBy: key.revokedBy } : {}),
  };
}

export function keyRoutes(routes: ApiRoutes, keys: ApiKeyAdmin): void {
  routes.add(
    {
      method: 'post',
      path: '/keys',
      summary:
        'Create an API key for a person or program. The key is in this answer only: it is stored hashed.',
      tag: 'keys',
      access: 'admin',
      body: NewKeyBodySchema,
      responses: { 201: 'created; `key` is shown this once' },
    },
    async (c, { principal, body }) => {
      const { keyId, token, secretHash } = generateApiKey();
      const stored = await keys.create({
        keyId,
        secretHash,
        userId: body.userId,
        displayName: body.displayName ?? body.userId,
        roles: body.roles,
        createdBy: principal.userId,
      });
      return c.json({ key: token, ...keyView(stored) }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/keys',
      summary: 'Every key, newest first, with when it was last used; never the key itself.',
      tag: 'keys',
      access: 'admin',
      responses: { 200: 'the keys' },
    },
    async (c) => c.json({ keys: (await keys.list()).map(keyView) }),
  );

  routes.add(
    {
      method: 'delete',
      path: '/keys/:keyId',
      summary: 'Revoke a key for good; calls with it are refused from now on.',
      tag: 'keys',
      access: 'admin',
      responses: { 200: 'revoked', 404: 'no such key' },
    },
    async (c, { principal, params }) => {
      const keyId = params.keyId ?? '';
      if (!StoredApiKeySchema.shape.keyId.safeParse(keyId).success) {
        throw new HttpError(404, 'not_found', `api key ${keyId} not found`);
      }
      const revoked = await keys.revoke(keyId, principal.userId);
      return c.json({ key: keyView(revoked) });
    },
  );
}
