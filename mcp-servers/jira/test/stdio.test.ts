import { fileURLToPath } from 'node:url';
import { type JiraStandIn, startJiraStandIn } from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('../src/stdio.ts', import.meta.url));

describe('Jira server over stdio', () => {
  let jira: JiraStandIn;

  beforeAll(async () => {
    jira = await startJiraStandIn();
  });

  afterAll(async () => {
    await jira.close();
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
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL: jira.email,
        JIRA_API_TOKEN: jira.apiToken,
      },
    });
    const client = new Client({ name: 'jira-stdio-test', version: '1.0.0' });
    await client.connect(transport);

    // Act
    const { tools } = await client.listTools();
    const result = CallToolResultSchema.parse(
      await client.callTool({ name: 'lookup_project_key', arguments: { name: 'Website' } }),
    );
    await client.close();

    // Assess
    expect(tools.map((tool) => tool.name)).toHaveLength(8);
    expect(result.structuredContent).toMatchObject({ found: true, projectKey: 'WEB' });
    expect(jira.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString('base64')}`,
    );
  });
});
