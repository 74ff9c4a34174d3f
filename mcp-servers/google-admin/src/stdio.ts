// Runs the Google Admin server over stdio, as a child process of an MCP client:
//   node --conditions=agentcore-source --import tsx mcp-servers/google-admin/src/stdio.ts
// Configuration comes from the environment the client gives it (see config.ts).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { composeGoogleAdminServer } from './compose.js';

const server = composeGoogleAdminServer(process.env);
await server.connect(new StdioServerTransport());
