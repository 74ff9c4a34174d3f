import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCopyDocument } from './tools/copy-document.js';
import { registerCreateDocument } from './tools/create-document.js';
import { registerDeleteDocument } from './tools/delete-document.js';
import { registerGetDocument } from './tools/get-document.js';
import { registerListCustomerFiles } from './tools/list-customer-files.js';
import { registerListDrives } from './tools/list-drives.js';
import { registerListFolders } from './tools/list-folders.js';
import { registerSearchDocuments } from './tools/search-documents.js';
import type { ToolDeps } from './tools/shared.js';
import { registerUpdateDocument } from './tools/update-document.js';

export const GOOGLE_DRIVE_SERVER_NAME = 'google_drive';
export const GOOGLE_DRIVE_SERVER_VERSION = '0.1.0';

export type GoogleDriveServerDeps = ToolDeps;

/**
 * The Google Drive MCP server: the seed's document tools (search, create, get, update, delete,
 * copy, folders, shared drives, a customer's files), each call made as the person who asked.
 */
export function buildServer(deps: GoogleDriveServerDeps): McpServer {
  const server = new McpServer({
    name: GOOGLE_DRIVE_SERVER_NAME,
    version: GOOGLE_DRIVE_SERVER_VERSION,
  });
  registerSearchDocuments(server, deps);
  registerCreateDocument(server, deps);
  registerGetDocument(server, deps);
  registerUpdateDocument(server, deps);
  registerDeleteDocument(server, deps);
  registerListFolders(server, deps);
  registerListDrives(server, deps);
  registerCopyDocument(server, deps);
  registerListCustomerFiles(server, deps);
  return server;
}
