import {
  type CatalogGif,
  type StandIn,
  startGiphyStandIn,
  startTenorStandIn,
} from '@agentcore/stand-ins';
import {
  type ConnectedClient,
  connectInMemory,
  useStarted,
} from '@agentcore/stand-ins/mcp-harness';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { composeGifsServer } from '../../src/index.js';

export { textOf } from '@agentcore/stand-ins/mcp-harness';

export const GIPHY_KEY = 'giphy-test-key';
export const TENOR_KEY = 'tenor-test-key';

export interface ConnectOptions {
  /** Which API keys the server is given; both by default. */
  readonly giphy?: boolean;
  readonly tenor?: boolean;
  readonly random?: () => number;
  readonly env?: Readonly<Record<string, string>>;
}

export interface Connected {
  readonly client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * Giphy and Tenor stand-ins plus a way to connect a real MCP client to a GIF server pointed
 * at them. Backoff waits are recorded in `sleeps` instead of slept.
 */
export interface GifsHarness {
  readonly giphy: StandIn;
  readonly tenor: StandIn;
  readonly sleeps: number[];
  connect(options?: ConnectOptions): Promise<Connected>;
  /** Clears request logs, scripted failures and recorded sleeps between tests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(
  catalogs: { giphy?: readonly CatalogGif[]; tenor?: readonly CatalogGif[] } = {},
): Promise<GifsHarness> {
  const giphy = await startGiphyStandIn({ apiKeys: [GIPHY_KEY], gifs: catalogs.giphy });
  const tenor = await startTenorStandIn({ apiKeys: [TENOR_KEY], gifs: catalogs.tenor });
  const sleeps: number[] = [];
  const open: ConnectedClient[] = [];

  return {
    giphy,
    tenor,
    sleeps,
    async connect(options = {}) {
      const env: Record<string, string> = {
        GIPHY_API_URL: giphy.url,
        TENOR_API_URL: tenor.url,
        ...(options.giphy === false ? {} : { GIPHY_API_KEY: GIPHY_KEY }),
        ...(options.tenor === false ? {} : { TENOR_API_KEY: TENOR_KEY }),
        ...options.env,
      };
      const server = composeGifsServer(env, {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: options.random ?? (() => 0),
      });
      const connected = await connectInMemory(server, 'gifs-test');
      open.push(connected);
      return {
        client: connected.client,
        call: (name, args = {}) => connected.callTool(name, args),
        close: () => connected.close(),
      };
    },
    reset() {
      giphy.reset();
      tenor.reset();
      sleeps.length = 0;
    },
    async close() {
      await Promise.all(open.splice(0).map((connected) => connected.close()));
      await Promise.all([giphy.close(), tenor.close()]);
    },
  };
}

/**
 * The harness of one describe block: started before its tests, reset after each, closed at the
 * end. Its fields are filled in when the block starts.
 */
export function useHarness(...args: Parameters<typeof startHarness>): GifsHarness {
  return useStarted(() => startHarness(...args));
}

/** The `source` of every GIF in a search-shaped result. */
export function sourcesOf(result: CallToolResult): unknown[] {
  const gifs = result.structuredContent?.gifs;
  return Array.isArray(gifs) ? gifs.map((gif: { source?: unknown }) => gif.source) : [];
}
