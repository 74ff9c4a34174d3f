import { describe, expect, it } from 'vitest';
import { EnvSecretSource, SENSITIVE_OUTPUT_META } from '../src/index.js';
import { connect } from './support/connect.js';

describe('TOTP server tool list', () => {
  it('lists both tools, read-only and closed-world, with input and output schemas', async () => {
    // Prepare
    const connected = await connect({ secrets: new EnvSecretSource({}) });

    // Act
    const { tools } = await connected.client.listTools();
    await connected.close();

    // Assess
    expect(tools.map((tool) => tool.name).sort()).toEqual(['generate_totp_code', 'get_totp_code']);
    for (const tool of tools) {
      expect(tool.annotations).toEqual({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      });
      expect(tool.outputSchema?.required).toEqual(
        expect.arrayContaining(['code', 'algorithm', 'digits', 'period', 'valid_for_seconds']),
      );
      expect(tool._meta?.[SENSITIVE_OUTPUT_META]).toBe(true);
    }
  });

  it('types generate_totp_code: a required string secret_value and bounded numbers', async () => {
    // Prepare
    const connected = await connect({ secrets: new EnvSecretSource({}) });

    // Act
    const { tools } = await connected.client.listTools();
    await connected.close();

    // Assess
    const generate = tools.find((tool) => tool.name === 'generate_totp_code');
    expect(generate?.inputSchema.required).toEqual(['secret_value']);
    expect(generate?.inputSchema.properties).toMatchObject({
      secret_value: { type: 'string' },
      period: { type: 'integer', minimum: 15, maximum: 120, default: 30 },
      digits: { type: 'integer', minimum: 6, maximum: 10, default: 6 },
      algorithm: { enum: ['SHA1', 'SHA256', 'SHA512'], default: 'SHA1' },
    });
  });
});
