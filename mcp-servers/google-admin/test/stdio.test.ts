import { fileURLToPath } from 'node:url';
import { CLIENT_EMAIL, serviceAccountKey } from '@agentcore/google-workspace/testing';
import {
  type GoogleWorkspaceStandIn,
  SANDBOX_ADMIN,
  startGoogleWorkspaceStandIn,
} from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('../src/stdio.ts', import.meta.url));

describe('Google Admin server over stdio', () => {
  const key = serviceAccountKey();
  let google: GoogleWorkspaceStandIn;

  beforeAll(async () => {
    google = await startGoogleWorkspaceStandIn({
      serviceAccounts: { [CLIENT_EMAIL]: key.publicKey },
    });
  });

  afterAll(async () => {
    await google.close();
  });

  it('runs as a child process configured only by the environment it is given', async () => {
    // Prepare
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--conditions=agentcore-source', '--import', 'tsx', entry],
      cwd: repoRoot,
      stderr: 'pipe',
      env: {
        PATH: process.env.PATH ?? '',
        GOOGLE_ADMIN_SUBJECT: SANDBOX_ADMIN,
        GOOGLE_SERVICE_ACCOUNT_KEY: key.json,
        GOOGLE_ADMIN_ROOT_URL: google.rootUrl,
        GOOGLE_TOKEN_URL: google.tokenUrl,
      },
    });
    const client = new Client({ name: 'google-admin-stdio-test', version: '1.0.0' });
    await client.connect(transport);

    // Act
    const { tools } = await client.listTools();
    const result = CallToolResultSchema.parse(
      await client.callTool({ name: 'reset_2fa', arguments: { email: 'bob@example.com' } }),
    );
    await client.close();

    // Assess
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'add_amazon_role',
      'add_user',
      'get_amazon_roles',
      'get_user',
      'list_users',
      'remove_amazon_role',
      'reset_2fa',
      'suspend_user',
      'unsuspend_user',
    ]);
    expect(result.structuredContent).toMatchObject({ email: 'bob@example.com', changed: true });
    expect(google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
  });
});
