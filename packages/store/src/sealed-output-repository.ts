import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DynamoAuditRepository } from './audit-repository.js';
import { type Clock, epochSeconds } from './clock.js';
import type { SealingKey, SealingKeySource } from './sealing-key.js';

/** How long a sealed output waits for its one reader; a TOTP code is stale long before. */
export const SEALED_OUTPUT_TTL_SECONDS = 900;

export const SEALED_EVENT = 'sensitive_output.sealed';
export const DELIVERED_EVENT = 'sensitive_output.delivered';

const StoredSchema = z.object({
  requestId: z.string(),
  sealedId: z.string(),
  recipient: z.string(),
  tool: z.string(),
  digest: z.string(),
  sealedAt: z.string(),
  expiresAt: z.string(),
  iv: z.string().optional(),
  ciphertext: z.string().optional(),
  tag: z.string().optional(),
});
type Stored = z.infer<typeof StoredSchema>;

/** One secret as its requester receives it. */
export interface DeliveredOutput {
  tool: string;
  output: string;
  /** The keyed digest the request's record and audit carry instead of the output. */
  digest: string;
  sealedAt: string;
}

/**
 * `none`: nothing was ever sealed for this reader on this request; `gone`: it was, but has been
 * read already or has expired.
 */
export type TakeOutcome =
  | { status: 'none' }
  | { status: 'gone' }
  | { status: 'delivered'; outputs: DeliveredOutput[] };

const contextOf = (item: Pick<Stored, 'requestId' | 'sealedId' | 'recipient' | 'tool'>) =>
  [item.requestId, item.sealedId, item.recipient, item.tool].join('\n');

/**
 * Sensitive tool outputs, each sealed (AES-256-GCM) for the one person who may read it, kept
 * until that person reads it once or it expires. Sealing and each delivery are audited in the
 * request's chain in the same transaction as the write, with the digest, never the output.
 */
export class DynamoSealedOutputRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit: DynamoAuditRepository,
    private readonly key: SealingKeySource,
    private readonly clock: Clock,
    private readonly ttlSeconds = SEALED_OUTPUT_TTL_SECONDS,
  ) {}

  /** Seals `output` for `recipient`; returns the keyed digest that stands for it elsewhere. */
  async seal(input: {
    requestId: string;
    recipient: string;
    tool: string;
    output: string;
  }): Promise<{ digest: string }> {
    const now = this.clock();
    const sealedAt = now.toISOString();
    const expires = new Date(now.getTime() + this.ttlSeconds * 1000);
    const base = {
      requestId: input.requestId,
      sealedId: `${sealedAt}#${randomBytes(6).toString('hex')}`,
      recipient: input.recipient,
      tool: input.tool,
    };
    const key = await this.key();
    const digest = key.digest(
      input.output,
      [input.requestId, input.recipient, input.tool].join('\n'),
    );
    const item = {
      ...base,
      digest,
      sealedAt,
      expiresAt: expires.toISOString(),
      ttl: epochSeconds(expires),
      ...key.seal(input.output, contextOf(base)),
    };
    const written = await this.audit.writeWithEvent(
      {
        Put: {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(requestId)',
        },
      },
      {
        streamId: input.requestId,
        type: SEALED_EVENT,
        actor: 'execute',
        data: { tool: input.tool, digest, recipient: input.recipient, expiresAt: item.expiresAt },
      },
    );
    if (written === 'condition_failed') throw new Error('a sealed output id was used twice');
    return { digest };
  }

  /**
   * Hands `recipient` what was sealed for them on this request, once: each output is opened and
   * its ciphertext removed in one conditional write, so of two readers at the same time only one
   * receives it.
   */
  async take(requestId: string, recipient: string): Promise<TakeOutcome> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'requestId = :id',
        ExpressionAttributeValues: { ':id': requestId },
        ConsistentRead: true,
      }),
    );
    const mine = (answer.Items ?? [])
      .map((raw) => StoredSchema.parse(raw))
      .filter((item) => item.recipient === recipient);
    if (mine.length === 0) return { status: 'none' };
    const now = this.clock();
    const key = await this.key();
    const outputs: DeliveredOutput[] = [];
    for (const item of mine) {
      const output = openable(key, item, now);
      if (output === undefined) continue;
      const written = await this.audit.writeWithEvent(
        {
          Update: {
            TableName: this.tableName,
            Key: { requestId: item.requestId, sealedId: item.sealedId },
            UpdateExpression: 'REMOVE ciphertext, iv, tag SET readAt = :now',
            ConditionExpression: 'attribute_exists(ciphertext)',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          },
        },
        {
          streamId: requestId,
          type: DELIVERED_EVENT,
          actor: recipient,
          data: { tool: item.tool, digest: item.digest, recipient },
        },
      );
      if (written === 'condition_failed') continue;
      outputs.push({ tool: item.tool, output, digest: item.digest, sealedAt: item.sealedAt });
    }
    return outputs.length === 0 ? { status: 'gone' } : { status: 'delivered', outputs };
  }
}

function openable(key: SealingKey, item: Stored, now: Date): string | undefined {
  const { iv, ciphertext, tag } = item;
  if (iv === undefined || ciphertext === undefined || tag === undefined) return undefined;
  if (Date.parse(item.expiresAt) <= now.getTime()) return undefined;
  // Sealed under another key (a local runtime restarted with a new one): it cannot be read.
  return key.open({ iv, ciphertext, tag }, contextOf(item));
}
