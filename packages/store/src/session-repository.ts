import { parseOrThrow } from '@agentcore/core';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type Clock, epochSeconds } from './clock.js';

export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

export const MemoryTurnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(4_000),
});
export type MemoryTurn = z.infer<typeof MemoryTurnSchema>;

const ThreadSchema = z.object({
  channelId: z.string().trim().min(1).max(64),
  threadTs: z.string().trim().min(1).max(64),
});
export type Thread = z.infer<typeof ThreadSchema>;

export const SlackSessionSchema = z.object({
  sessionId: z.string().min(1).max(256),
  turns: z.array(MemoryTurnSchema).max(20).default([]),
});
export type SlackSessionInput = z.input<typeof SlackSessionSchema>;

export const StoredSlackSessionSchema = SlackSessionSchema.extend({
  threadKey: z.string(),
  updatedAt: z.number().int(),
  ttl: z.number().int(),
});
export type StoredSlackSession = z.infer<typeof StoredSlackSessionSchema>;

/** Slack thread -> agent session and its short-term memory, forgotten after 14 days idle. */
export class DynamoSessionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  static threadKey(thread: Thread): string {
    const parsed = parseOrThrow(ThreadSchema, thread, 'Slack thread');
    return `${parsed.channelId}:${parsed.threadTs}`;
  }

  async get(thread: Thread): Promise<StoredSlackSession | undefined> {
    const threadKey = DynamoSessionRepository.threadKey(thread);
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { threadKey } }),
    );
    if (!result.Item) return undefined;
    const session = StoredSlackSessionSchema.parse(result.Item);
    // TTL deletion is lazy (up to days late); an expired session is gone to readers now.
    return session.ttl > epochSeconds(this.clock()) ? session : undefined;
  }

  async save(thread: Thread, input: SlackSessionInput): Promise<StoredSlackSession> {
    const threadKey = DynamoSessionRepository.threadKey(thread);
    const session = parseOrThrow(SlackSessionSchema, input, 'Slack session');
    const now = epochSeconds(this.clock());
    const item = { ...session, threadKey, updatedAt: now, ttl: now + SESSION_TTL_SECONDS };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
    return item;
  }
}
