import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

const SlackRefSchema = z.object({
  channelId: z.string().min(1).max(64),
  ts: z.string().min(1).max(64),
});
export type SlackMessageRef = z.infer<typeof SlackRefSchema>;

const StoredRequestMessagesSchema = z.object({
  channelId: z.string().min(1).max(64),
  threadTs: z.string().min(1).max(64),
  placeholderTs: z.string().min(1).max(64).optional(),
  cards: z.array(SlackRefSchema).max(10).default([]),
});
export type RequestMessages = z.infer<typeof StoredRequestMessagesSchema>;

/** Where a request's Slack messages are, so later steps update them instead of posting anew. */
export interface SlackMessageLedger {
  recordThread(
    requestId: string,
    thread: { channelId: string; threadTs: string; placeholderTs?: string },
  ): Promise<void>;
  addCard(requestId: string, card: SlackMessageRef): Promise<void>;
  get(requestId: string): Promise<RequestMessages | undefined>;
}

const LEDGER_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * The ledger in the Slack sessions table, under keys `request:<id>` that no `channel:ts` thread
 * key can take (Slack channel ids never contain `request`). It lives as long as a session.
 */
export class DynamoSlackMessageLedger implements SlackMessageLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date,
  ) {}

  private key(requestId: string) {
    return { threadKey: `request:${requestId}` };
  }

  private ttl(): number {
    return Math.floor(this.clock().getTime() / 1000) + LEDGER_TTL_SECONDS;
  }

  async recordThread(
    requestId: string,
    thread: { channelId: string; threadTs: string; placeholderTs?: string },
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(requestId),
        // A card posted before this (the workflow can be quick) is kept.
        UpdateExpression:
          'SET channelId = :channel, threadTs = :thread, #ttl = :ttl' +
          (thread.placeholderTs ? ', placeholderTs = :placeholder' : ''),
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':channel': thread.channelId,
          ':thread': thread.threadTs,
          ':ttl': this.ttl(),
          ...(thread.placeholderTs ? { ':placeholder': thread.placeholderTs } : {}),
        },
      }),
    );
  }

  async addCard(requestId: string, card: SlackMessageRef): Promise<void> {
    const ref = SlackRefSchema.parse(card);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(requestId),
        UpdateExpression:
          'SET cards = list_append(if_not_exists(cards, :none), :card), #ttl = :ttl, ' +
          'channelId = if_not_exists(channelId, :channel), threadTs = if_not_exists(threadTs, :ts)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':none': [],
          ':card': [ref],
          ':ttl': this.ttl(),
          ':channel': ref.channelId,
          ':ts': ref.ts,
        },
      }),
    );
  }

  async get(requestId: string): Promise<RequestMessages | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(requestId), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const parsed = StoredRequestMessagesSchema.safeParse(result.Item);
    return parsed.success ? parsed.data : undefined;
  }
}

/** The ledger in memory, for tests of the notifier and gateway and for one-process runs. */
export class InMemorySlackMessageLedger implements SlackMessageLedger {
  private readonly entries = new Map<string, RequestMessages>();

  async recordThread(
    requestId: string,
    thread: { channelId: string; threadTs: string; placeholderTs?: string },
  ): Promise<void> {
    const known = this.entries.get(requestId);
    this.entries.set(requestId, { cards: known?.cards ?? [], ...known, ...thread });
  }

  async addCard(requestId: string, card: SlackMessageRef): Promise<void> {
    const known = this.entries.get(requestId);
    this.entries.set(requestId, {
      channelId: known?.channelId ?? card.channelId,
      threadTs: known?.threadTs ?? card.ts,
      ...(known?.placeholderTs ? { placeholderTs: known.placeholderTs } : {}),
      cards: [...(known?.cards ?? []), card],
    });
  }

  async get(requestId: string): Promise<RequestMessages | undefined> {
    return this.entries.get(requestId);
  }
}
