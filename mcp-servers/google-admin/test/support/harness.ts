import { generateKeyPairSync } from 'node:crypto';
import {
  type GoogleWorkspaceStandIn,
  SANDBOX_ADMIN,
  startGoogleWorkspaceStandIn,
} from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { composeGoogleAdminServer } from '../../src/index.js';

export const CLIENT_EMAIL = 'agentcore@sandbox-project.iam.gserviceaccount.com';

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

export interface ConnectOptions {
  readonly env?: Readonly<Record<string, string>>;
}

export interface Connected {
  readonly client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * The Google Workspace stand-in, a service account it trusts, and a way to connect a real MCP
 * client to a Google Admin server pointed at it. Backoff waits are recorded, not slept.
 */
export interface GoogleAdminHarness {
  readonly google: GoogleWorkspaceStandIn;
  readonly key: ReturnType<typeof serviceAccountKey>;
  readonly sleeps: number[];
  /** The environment a connected server is given (before `env` overrides). */
  env(): Record<string, string>;
  connect(options?: ConnectOptions): Promise<Connected>;
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(): Promise<GoogleAdminHarness> {
  const key = serviceAccountKey();
  const google = await startGoogleWorkspaceStandIn({
    serviceAccounts: { [CLIENT_EMAIL]: key.publicKey },
  });
  const sleeps: number[] = [];
  const open: Connected[] = [];
  const env = () => ({
    GOOGLE_ADMIN_SUBJECT: SANDBOX_ADMIN,
    GOOGLE_SERVICE_ACCOUNT_KEY: key.json,
    GOOGLE_ADMIN_ROOT_URL: google.rootUrl,
    GOOGLE_TOKEN_URL: google.tokenUrl,
  });
  return {
    google,
    key,
    sleeps,
    env,
    async connect(options = {}) {
      const server = composeGoogleAdminServer(
        { ...env(), ...options.env },
        {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
      );
      const client = new Client({ name: 'google-admin-test', version: '1.0.0' });
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      await server.connect(serverTransport);
      await client.connect(clientTransport);
      // Listing first lets the client validate structured results against the output schemas.
      await client.listTools();
      const connected: Connected = {
        client,
        call: async (name, args = {}) =>
          CallToolResultSchema.parse(await client.callTool({ name, arguments: args })),
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
export function useHarness(): GoogleAdminHarness {
  const harness = {} as GoogleAdminHarness;
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

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** The API requests the stand-in received, token requests left out. */
export function apiRequests(google: GoogleWorkspaceStandIn) {
  return google.requests.filter((request) => request.path !== '/token');
}
