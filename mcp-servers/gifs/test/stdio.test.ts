import { fileURLToPath } from 'node:url';
import { type StandIn, startTenorStandIn } from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('../src/stdio.ts', import.meta.url));

describe('GIF server over stdio', () => {
  let tenor: StandIn;

  beforeAll(async () => {
    tenor = await startTenorStandIn({ apiKeys: ['stdio-key'] });
  });

  afterAll(async () => {
    await tenor.close();
  });

  it('runs as a child process configured only by the environment it is given', async () => {
    // Prepare
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--conditions=agentcore-source', '--import', 'tsx', entry],
      cwd: repoRoot,
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', TENOR_API_KEY: 'stdio-key', TENOR_API_URL: tenor.url },
    });
    const client = new Client({ name: 'gifs-stdio-test', version: '1.0.0' });
    await client.connect(transport);

    // Act
    const { tools } = await client.listTools();
    const result = CallToolResultSchema.parse(
      await client.callTool({
        name: 'search_gifs',
        arguments: { query: 'celebrate', rating: 'pg' },
      }),
    );
    await client.close();

    // Assess
    expect(tools).toHaveLength(4);
    expect(result.structuredContent).toMatchObject({
      query: 'celebrate',
      gifs: [
        { title: 'Party Celebrate GIF', source: 'tenor' },
        { title: 'Happy Dance Celebrate GIF', source: 'tenor' },
      ],
    });
    expect(tenor.requests[0]?.query).toMatchObject({ key: 'stdio-key', contentfilter: 'medium' });
  });
});
