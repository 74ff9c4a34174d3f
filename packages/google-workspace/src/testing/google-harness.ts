import { generateKeyPairSync } from 'node:crypto';
import { REQUESTER_META_KEY } from '@agentcore/mcp';
import { type GoogleWorkspaceStandIn, startGoogleWorkspaceStandIn } from '@agentcore/stand-ins';
import { type ConnectedClient, connectInMemory } from '@agentcore/stand-ins/mcp-harness';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

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

export type ServiceAccountKeyFixture = ReturnType<typeof serviceAccountKey>;

/** The `_meta` our MCP client puts on a call made for a requester. */
export function requesterMeta(email: string | undefined) {
  return {
    [REQUESTER_META_KEY]: {
      userId: 'U_ALICE',
      ...(email === undefined ? {} : { email }),
      groups: [],
    },
  };
}

export interface GoogleServerConnection {
  readonly client: Client;
  /**
   * Calls a tool as `as` (the harness's requester by default; `null` for a call that names no
   * requester). A server set up without a requester sends none unless `as` names one.
   */
  call(name: string, args?: Record<string, unknown>, as?: string | null): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * The Google Workspace stand-in, a service account it trusts, and a way to connect a real MCP
 * client to a Google server pointed at it. Backoff waits are recorded in `sleeps`, not slept.
 */
export interface GoogleServerHarness {
  readonly google: GoogleWorkspaceStandIn;
  readonly key: ServiceAccountKeyFixture;
  readonly sleeps: number[];
  /** The environment a connected server is given (before `connect`'s overrides). */
  env(): Record<string, string>;
  connect(env?: Readonly<Record<string, string>>): Promise<GoogleServerConnection>;
  /** Restores the stand-in's seed, forgets its requests and failures, and the recorded sleeps. */
  reset(): void;
  close(): Promise<void>;
}

export interface GoogleServerSetup {
  /** The name the MCP client gives itself. */
  readonly clientName: string;
  /** The server's compose function, given its environment and a recording sleep. */
  readonly compose: (
    env: Readonly<Record<string, string | undefined>>,
    edges: { readonly sleep: (ms: number) => Promise<void> },
  ) => McpServer;
  /** The server's own variables pointing at the stand-in (its root URL and the like). */
  readonly env: (google: GoogleWorkspaceStandIn) => Record<string, string>;
  /** Whom calls are made for by default; none when left out. */
  readonly requester?: string;
}

export async function startGoogleServerHarness(
  setup: GoogleServerSetup,
): Promise<GoogleServerHarness> {
  const key = serviceAccountKey();
  const google = await startGoogleWorkspaceStandIn({
    // The token endpoint checks the assertion's iat and exp against the real clock.
    serviceAccounts: { [CLIENT_EMAIL]: key.publicKey },
  });
  const sleeps: number[] = [];
  const open: ConnectedClient[] = [];
  const env = () => ({
    GOOGLE_SERVICE_ACCOUNT_KEY: key.json,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    ...setup.env(google),
  });
  return {
    google,
    key,
    sleeps,
    env,
    async connect(overrides = {}) {
      const server = setup.compose(
        { ...env(), ...overrides },
        {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
      );
      const connected = await connectInMemory(server, setup.clientName);
      open.push(connected);
      return {
        client: connected.client,
        call: (name, args = {}, as = setup.requester) =>
          connected.callTool(name, args, as == null ? undefined : requesterMeta(as)),
        close: () => connected.close(),
      };
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
