import { fileURLToPath } from 'node:url';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceTotp } from './support/reference-totp.js';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('../src/stdio.ts', import.meta.url));

describe('TOTP server over stdio', () => {
  let standIn: SecretsManagerStandIn;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn({
      secrets: { 'ops/okta': JSON.stringify({ secret: SEED }) },
    });
  });

  afterAll(async () => {
    await standIn.close();
  });

  it('runs as a child process, reads Secrets Manager and logs no code', async () => {
    // Prepare
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--conditions=agentcore-source', '--import', 'tsx', entry],
      cwd: repoRoot,
      stderr: 'pipe',
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
      },
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const client = new Client({ name: 'totp-stdio-test', version: '1.0.0' });
    await client.connect(transport);

    // Act
    const { tools } = await client.listTools();
    const before = Date.now() / 1000;
    const result = CallToolResultSchema.parse(
      await client.callTool({ name: 'get_totp_code', arguments: { secret_name: 'ops/okta' } }),
    );
    const after = Date.now() / 1000;
    await client.close();

    // Assess
    expect(tools.map((tool) => tool.name).sort()).toEqual(['generate_totp_code', 'get_totp_code']);
    const code = result.structuredContent?.code;
    // The call may straddle a 30 s boundary, so either step's code is right.
    expect([referenceTotp(SEED, before), referenceTotp(SEED, after)]).toContain(code);
    expect(standIn.requests).toHaveLength(1);
    expect(stderr).not.toContain(String(code));
  });
});
