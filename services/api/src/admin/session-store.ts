import { createHash, randomBytes } from 'node:crypto';
import { ApiRoleSchema } from '@agentcore/store';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

/** Who a sign-in stands for: the principal as the edge authenticated it at login. */
export const AdminSessionSchema = z.object({
  sessionHash: z.string().regex(/^[0-9a-f]{64}$/),
  userId: z.string().min(1).max(256),
  displayName: z.string().min(1).max(256),
  email: z.string().max(320).optional(),
  roles: z.array(ApiRoleSchema).min(1).max(3),
  /** The API key signed in with: its revocation ends the session, its roles are read afresh. */
  keyId: z.string().max(64).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type AdminSession = z.infer<typeof AdminSessionSchema>;

/** Where sign-ins are kept, by the hash of their token (the token itself is never stored). */
export interface AdminSessionStore {
  put(session: AdminSession): Promise<void>;
  get(sessionHash: string): Promise<AdminSession | undefined>;
  delete(sessionHash: string): Promise<void>;
}

/** A new session token: 32 random bytes, only ever in the cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionHashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Sign-ins in the `admin-sessions` table; DynamoDB's TTL removes them some time after expiry. */
export class DynamoAdminSessionStore implements AdminSessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(session: AdminSession): Promise<void> {
    const ttl = Math.ceil(new Date(session.expiresAt).getTime() / 1000);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...AdminSessionSchema.parse(session), ttl },
        ConditionExpression: 'attribute_not_exists(sessionHash)',
      }),
    );
  }

  async get(sessionHash: string): Promise<AdminSession | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { sessionHash }, ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const parsed = AdminSessionSchema.safeParse(result.Item);
    return parsed.success ? parsed.data : undefined;
  }

  async delete(sessionHash: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { sessionHash } }));
  }
}

/** The same contract in memory, for unit tests of the admin app. */
export class InMemoryAdminSessionStore implements AdminSessionStore {
  readonly sessions = new Map<string, AdminSession>();
  async put(session: AdminSession): Promise<void> {
    this.sessions.set(session.sessionHash, AdminSessionSchema.parse(session));
  }
  async get(sessionHash: string): Promise<AdminSession | undefined> {
    return this.sessions.get(sessionHash);
  }
  async delete(sessionHash: string): Promise<void> {
    this.sessions.delete(sessionHash);
  }
}
