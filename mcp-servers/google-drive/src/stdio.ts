// Runs the Google Drive server over stdio, as a child process of an MCP client:
//   node --conditions=agentcore-source --import tsx mcp-servers/google-drive/src/stdio.ts
// Configuration comes from the environment the client gives it (see config.ts).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { composeGoogleDriveServer } from './compose.js';

const server = composeGoogleDriveServer(process.env);
await server.connect(new StdioServerTransport());
