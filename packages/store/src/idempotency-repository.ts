import { DuplicateError, parseOrThrow } from '@agentcore/core';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type Clock, epochSeconds } from './clock.js';
import { isConditionalCheckFailed } from './dynamo-errors.js';

const ClaimSchema = z.object({
  key: z.string().min(1).max(512),
  ttlSeconds: z.number().int().min(1).max(31_536_000),
});

/**
 * Idempotency keys (a Slack `event_id`, a retried API call): the first claim wins, any
 * later claim within the TTL is reported as a duplicate.
 */
export class DynamoIdempotencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  /** Claims `key`; throws DuplicateError when it was claimed before and has not expired. */
  async claim(key: string, ttlSeconds: number): Promise<void> {
    const claim = parseOrThrow(ClaimSchema, { key, ttlSeconds }, 'idempotency key');
    const now = epochSeconds(this.clock());
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { key: claim.key, createdAt: now, ttl: now + claim.ttlSeconds },
          // An expired key may linger until DynamoDB's lazy TTL sweep removes it.
          ConditionExpression: 'attribute_not_exists(#key) OR #ttl <= :now',
          ExpressionAttributeNames: { '#key': 'key', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new DuplicateError(claim.key);
      throw error;
    }
  }
}
