import { NotFoundError, parseOrThrow } from '@agentcore/core';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DynamoAuditRepository } from './audit-repository.js';
import type { Clock } from './clock.js';
import { isConditionalCheckFailed } from './dynamo-errors.js';

export const ApiRoleSchema = z.enum(['requester', 'approver', 'admin']);
export type ApiRole = z.infer<typeof ApiRoleSchema>;

const IsoTime = z.iso.datetime({ offset: true });

/** What an API key stands for: a person (or program) and what they may do. Never the secret. */
export const StoredApiKeySchema = z.object({
  keyId: z.string().regex(/^[a-z0-9]{8,32}$/),
  /** SHA-256 of the key's secret part, hex: the key itself is shown once and never stored. */
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  userId: z.string().trim().min(1).max(256),
  displayName: z.string().trim().min(1).max(256),
  roles: z.array(ApiRoleSchema).min(1).max(3),
  createdAt: IsoTime,
  createdBy: z.string().min(1).max(256),
  revokedAt: IsoTime.optional(),
  revokedBy: z.string().min(1).max(256).optional(),
  lastUsedAt: IsoTime.optional(),
});
export type StoredApiKey = z.infer<typeof StoredApiKeySchema>;

const NewApiKeySchema = StoredApiKeySchema.omit({
  createdAt: true,
  revokedAt: true,
  revokedBy: true,
  lastUsedAt: true,
});
export type NewApiKey = z.input<typeof NewApiKeySchema>;

/** API keys by id; every creation and revocation is audited under the `api-keys` stream. */
export class DynamoApiKeyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit: DynamoAuditRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: NewApiKey): Promise<StoredApiKey> {
    const key = parseOrThrow(NewApiKeySchema, input, 'api key');
    const stored: StoredApiKey = { ...key, createdAt: this.clock().toISOString() };
    const outcome = await this.audit.writeWithEvent(
      {
        Put: {
          TableName: this.tableName,
          Item: stored,
          ConditionExpression: 'attribute_not_exists(keyId)',
        },
      },
      {
        streamId: 'api-keys',
        type: 'api_key.created',
        actor: key.createdBy,
        data: { keyId: key.keyId, userId: key.userId, roles: key.roles },
      },
    );
    // Key ids are random: a collision is a fault, not something a caller can fix.
    if (outcome === 'condition_failed') throw new Error(`api key id ${key.keyId} already exists`);
    return stored;
  }

  async get(keyId: string): Promise<StoredApiKey | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { keyId }, ConsistentRead: true }),
    );
    return result.Item ? StoredApiKeySchema.parse(result.Item) : undefined;
  }

  /** Every key, newest first (a deployment has tens of keys, not millions). */
  async list(): Promise<StoredApiKey[]> {
    const keys: StoredApiKey[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) keys.push(StoredApiKeySchema.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Revokes a key for good; revoking a revoked key changes nothing and says so. */
  async revoke(keyId: string, actor: string): Promise<StoredApiKey> {
    const now = this.clock().toISOString();
    const outcome = await this.audit.writeWithEvent(
      {
        Update: {
          TableName: this.tableName,
          Key: { keyId },
          UpdateExpression: 'SET revokedAt = :now, revokedBy = :actor',
          ConditionExpression: 'attribute_exists(keyId) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':now': now, ':actor': actor },
        },
      },
      { streamId: 'api-keys', type: 'api_key.revoked', actor, data: { keyId } },
    );
    const key = await this.get(keyId);
    if (!key) throw new NotFoundError('api key', keyId);
    if (outcome === 'condition_failed' && key.revokedAt === undefined) {
      throw new Error(`api key ${keyId} could not be revoked`);
    }
    return key;
  }

  /** Records when a key was last used; a revoked or deleted key is left alone. */
  async touch(keyId: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { keyId },
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(keyId) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
