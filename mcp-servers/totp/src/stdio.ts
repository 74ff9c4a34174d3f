// Runs the TOTP server over stdio, as a child process of an MCP client:
//   node --conditions=agentcore-source --import tsx mcp-servers/totp/src/stdio.ts
// Configuration comes from the environment the client gives it (see config.ts).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { composeTotpServer } from './compose.js';

const server = composeTotpServer(process.env);
await server.connect(new StdioServerTransport());
