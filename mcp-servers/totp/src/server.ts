import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SecretSource } from './secrets/secret-source.js';
import { registerGenerateTotpCode } from './tools/generate-totp-code.js';
import { registerGetTotpCode } from './tools/get-totp-code.js';

export const TOTP_SERVER_NAME = 'totp';
export const TOTP_SERVER_VERSION = '0.1.0';

export interface TotpServerDeps {
  readonly secrets: SecretSource;
  /** Current time in ms since the Unix epoch; `Date.now` when absent. */
  readonly now?: () => number;
}

/** The TOTP MCP server: `get_totp_code` (seed from the secret source) and `generate_totp_code`. */
export function buildServer(deps: TotpServerDeps): McpServer {
  const now = deps.now ?? Date.now;
  const server = new McpServer({ name: TOTP_SERVER_NAME, version: TOTP_SERVER_VERSION });
  registerGetTotpCode(server, { secrets: deps.secrets, now });
  registerGenerateTotpCode(server, { now });
  return server;
}
