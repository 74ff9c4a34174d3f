import { generateKeyPairSync } from 'node:crypto';
import {
  type GoogleWorkspaceStandIn,
  SANDBOX_CUSTOMER_FOLDER_ID,
  startGoogleWorkspaceStandIn,
} from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { composeGoogleDriveServer } from '../../src/index.js';

export const CLIENT_EMAIL = 'agentcore@sandbox-project.iam.gserviceaccount.com';
export const ALICE = 'alice@example.com';

/** A throwaway service-account key, as Google's key file holds it. */
export function serviceAccountKey(clientEmail = CLIENT_EMAIL) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    publicKey,
    pem,
    json: JSON.stringify({
      type: 'service_account',
      client_email: clientEmail,
      private_key: pem,
      private_key_id: 'standin-key-1',
    }),
  };
}

/** The `_meta` our MCP client puts on a call made for a requester. */
export function requesterMeta(email: string | undefined) {
  return {
    'agentcore/requester': {
      userId: 'U_ALICE',
      ...(email === undefined ? {} : { email }),
      groups: [],
    },
  };
}

export interface Connected {
  readonly client: Client;
  /** Calls a tool as `as` (Alice by default; `null` for a call that names no requester). */
  call(name: string, args?: Record<string, unknown>, as?: string | null): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface DriveHarness {
  readonly google: GoogleWorkspaceStandIn;
  readonly key: ReturnType<typeof serviceAccountKey>;
  readonly sleeps: number[];
  connect(env?: Readonly<Record<string, string>>): Promise<Connected>;
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(): Promise<DriveHarness> {
  const key = serviceAccountKey();
  const google = await startGoogleWorkspaceStandIn({
    // The token endpoint checks the assertion's iat and exp against the real clock.
    serviceAccounts: { [CLIENT_EMAIL]: key.publicKey },
  });
  const sleeps: number[] = [];
  const open: Connected[] = [];
  return {
    google,
    key,
    sleeps,
    async connect(env = {}) {
      const server = composeGoogleDriveServer(
        {
          GOOGLE_SERVICE_ACCOUNT_KEY: key.json,
          GOOGLE_DRIVE_ROOT_URL: google.rootUrl,
          GOOGLE_TOKEN_URL: google.tokenUrl,
          GOOGLE_DRIVE_CUSTOMER_FOLDER_ID: SANDBOX_CUSTOMER_FOLDER_ID,
          ...env,
        },
        {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
      );
      const client = new Client({ name: 'google-drive-test', version: '1.0.0' });
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      await server.connect(serverTransport);
      await client.connect(clientTransport);
      // Listing first lets the client validate structured results against the output schemas.
      await client.listTools();
      const connected: Connected = {
        client,
        call: async (name, args = {}, as = ALICE) =>
          CallToolResultSchema.parse(
            await client.callTool({
              name,
              arguments: args,
              ...(as === null ? {} : { _meta: requesterMeta(as) }),
            }),
          ),
        close: async () => {
          await client.close();
          await server.close();
        },
      };
      open.push(connected);
      return connected;
    },
    reset() {
      google.reset();
      sleeps.length = 0;
    },
    async close() {
      await Promise.all(open.splice(0).map((connected) => connected.close()));
      await google.close();
    },
  };
}

/** The harness of one describe block: started before, reset after each test, closed after. */
export function useHarness(): DriveHarness {
  const harness = {} as DriveHarness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness());
  });
  afterEach(() => {
    harness.reset();
  });
  afterAll(async () => {
    await harness.close();
  });
  return harness;
}

export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** The API requests the stand-in received, token requests left out. */
export function apiRequests(google: GoogleWorkspaceStandIn) {
  return google.requests.filter((request) => request.path !== '/token');
}

/** The claims of the JWT assertion of the `index`th token request. */
export function assertionClaims(google: GoogleWorkspaceStandIn, index = 0) {
  const token = google.requests.filter((request) => request.path === '/token')[index];
  const assertion = new URLSearchParams(token?.body).get('assertion') ?? '';
  return JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}
