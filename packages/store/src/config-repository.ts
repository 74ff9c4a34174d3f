import { parseOrThrow, VersionConflictError } from '@agentcore/core';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DynamoAuditRepository } from './audit-repository.js';
import type { Clock } from './clock.js';

const SUBJECTS = {
  mcp_servers: 'MCP server configuration',
  policies: 'policy set',
  prompts: 'system prompt',
  directory: 'directory',
} as const;

function subjectOf(key: keyof typeof SUBJECTS): string {
  return SUBJECTS[key];
}

export const ConfigKeySchema = z.enum(['mcp_servers', 'policies', 'prompts', 'directory']);
export type ConfigKey = z.infer<typeof ConfigKeySchema>;

const ConfigWriteSchema = z.object({
  key: ConfigKeySchema,
  value: z
    .json()
    .refine(
      (value) => JSON.stringify(value).length <= 300_000,
      'must serialise to at most 300000 characters',
    ),
  author: z.string().min(1).max(256),
  /** The version the author edited; the write is refused if someone saved a newer one. */
  expectedVersion: z.number().int().min(0).optional(),
});
export type ConfigWrite = z.input<typeof ConfigWriteSchema>;

export const ConfigVersionSchema = z.object({
  configKey: ConfigKeySchema,
  version: z.number().int().min(1),
  value: z.json(),
  author: z.string(),
  savedAt: z.iso.datetime({ offset: true }),
});
export type ConfigVersion = z.infer<typeof ConfigVersionSchema>;

/**
 * Versioned configuration (MCP servers, policies, prompts). Each save adds a version and keeps
 * the earlier ones, so a bad change can be seen and rolled back.
 */
export class DynamoConfigRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit: DynamoAuditRepository,
    private readonly clock: Clock,
  ) {}

  async latest(key: ConfigKey): Promise<ConfigVersion | undefined> {
    const [latest] = await this.history(key, 1);
    return latest;
  }

  /** The newest version number of `key` (0 when never saved): one small read, for caches. */
  async currentVersion(key: ConfigKey): Promise<number> {
    const configKey = parseOrThrow(ConfigKeySchema, key, 'config key');
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'configKey = :k',
        ExpressionAttributeValues: { ':k': configKey },
        ProjectionExpression: 'version',
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const version = result.Items?.[0]?.version;
    return typeof version === 'number' ? version : 0;
  }

  /** Versions of `key`, newest first. */
  async history(key: ConfigKey, limit = 20): Promise<ConfigVersion[]> {
    const configKey = parseOrThrow(ConfigKeySchema, key, 'config key');
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'configKey = :k',
        ExpressionAttributeValues: { ':k': configKey },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => ConfigVersionSchema.parse(item));
  }

  /** Saves a new version; two concurrent saves of the same version cannot both win. */
  async save(input: ConfigWrite): Promise<ConfigVersion> {
    const write = parseOrThrow(ConfigWriteSchema, input, 'config write');
    const current = (await this.latest(write.key))?.version ?? 0;
    if (write.expectedVersion !== undefined && write.expectedVersion !== current) {
      throw new VersionConflictError(subjectOf(write.key), write.expectedVersion, current);
    }
    const saved: ConfigVersion = {
      configKey: write.key,
      version: current + 1,
      value: write.value,
      author: write.author,
      savedAt: this.clock().toISOString(),
    };
    const outcome = await this.audit.writeWithEvent(
      {
        Put: {
          TableName: this.tableName,
          Item: saved,
          ConditionExpression: 'attribute_not_exists(configKey)',
        },
      },
      {
        streamId: 'config',
        type: 'config.saved',
        actor: write.author,
        data: { key: write.key, version: saved.version },
      },
    );
    if (outcome === 'condition_failed') {
      throw new VersionConflictError(subjectOf(write.key), current, current + 1);
    }
    return saved;
  }
}
