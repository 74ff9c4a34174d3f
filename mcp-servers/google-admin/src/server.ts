import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAddAmazonRole } from './tools/add-amazon-role.js';
import { registerAddUser } from './tools/add-user.js';
import { registerGetAmazonRoles } from './tools/get-amazon-roles.js';
import { registerGetUser } from './tools/get-user.js';
import { registerListUsers } from './tools/list-users.js';
import { registerRemoveAmazonRole } from './tools/remove-amazon-role.js';
import { registerReset2fa } from './tools/reset-2fa.js';
import type { ToolDeps } from './tools/shared.js';
import { registerSuspendUser } from './tools/suspend-user.js';
import { registerUnsuspendUser } from './tools/unsuspend-user.js';

export const GOOGLE_ADMIN_SERVER_NAME = 'google_admin';
export const GOOGLE_ADMIN_SERVER_VERSION = '0.1.0';

export type GoogleAdminServerDeps = ToolDeps;

/**
 * The Google Admin MCP server: users (list, get, add, suspend, unsuspend), 2-Step Verification
 * reset, and AWS SAML roles kept in a custom schema (get, add, remove).
 */
export function buildServer(deps: GoogleAdminServerDeps): McpServer {
  const server = new McpServer({
    name: GOOGLE_ADMIN_SERVER_NAME,
    version: GOOGLE_ADMIN_SERVER_VERSION,
  });
  registerListUsers(server, deps);
  registerGetUser(server, deps);
  registerAddUser(server, deps);
  registerSuspendUser(server, deps);
  registerUnsuspendUser(server, deps);
  registerReset2fa(server, deps);
  registerGetAmazonRoles(server, deps);
  registerAddAmazonRole(server, deps);
  registerRemoveAmazonRole(server, deps);
  return server;
}
